"""Seeded, realistic Dutch benchmark data: municipalities, factors, tags and search documents.

Everything comes from one ``random.Random(seed)``, so the same seed gives the same data on
every machine. Practices are built as ``SearchDocument`` objects directly, the exact shape
``search.documents.practice_document`` makes from a page, without saving Wagtail pages: a
hundred thousand pages would take hours and measure page saving, not search. Each practice
is an unsaved ``PracticePage`` held in memory, so that its facet values come from the facet
table's own extraction (``search.facets.keywords``), as the index reads them from a page.
"""

import itertools
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.utils.text import slugify

from practices.library.choices import FactorKind
from practices.library.models import PracticeFactor, PracticePage, PracticeTag
from search import facets
from search.analysis import fold
from search.documents import SearchDocument
from search.facets import PRACTICE


def _word_list(text):
    return tuple(text.split())


# Real number of Dutch municipalities per province (2023); 342 in all.
PROVINCE_COUNTS = {
    "drenthe": 12,
    "flevoland": 6,
    "fryslan": 18,
    "gelderland": 51,
    "groningen": 10,
    "limburg": 31,
    "noord-brabant": 56,
    "noord-holland": 44,
    "overijssel": 25,
    "utrecht": 26,
    "zeeland": 13,
    "zuid-holland": 50,
}
NAME_HEADS = _word_list(
    "Zwan Berg Hoog Laag Veen Kamp Wol Har Bree Lin El Mid Ooster Wester Noord Zuid Lange Breu "
    "Hel Dor Ble Gaast Rijs Om Wijn Vlie Maas Scheld Eem Vecht Lek Dommel Hunze Reest Zwarte "
    "Heerd Epe Olden Raal Boxt Bems Moer Rossel Ee Linge Zeven Haaks Rode Molen Kerk Wouden Heide "
    "Brede Winter Zomer Beek Leeu Sneek Graft Gouds Vaals Tiel Rhe Putte Nunen Lopik Wijhe Dalf"
)
NAME_TAILS = _word_list(
    "dam dijk veen hoven horst wijk broek sloot drecht loo recht burg zijl um ingen hem land "
    "erwolde meer beek rode hout kerk stein schoten voorde haven hove berg lo ward woude sen "
    "zand gest wolde haar donk oord weerd mond ven erveen"
)
NAME_PREFIXES = ("Nieuw-", "Oud-", "Sint-", "Groot-", "Klein-")
NAME_SUFFIXES = (" aan Zee", " aan den Rijn", " aan de Maas", " aan de IJssel", " en Dal")

# Success and failure factors (load_taxonomy leaves these to editors).
SUCCESS_FACTORS = {
    "bevlogen-trekkers": (
        "Bevlogen trekkers",
        "Een paar bewoners nemen de leiding en houden het initiatief jarenlang gaande.",
    ),
    "ideeenmakelaar-als-verbinder": (
        "Ideeënmakelaar als verbinder",
        "Een ideeënmakelaar van de gemeente brengt initiatiefnemers in contact met de juiste "
        "mensen.",
    ),
    "ruimte-in-regels": (
        "Ruimte in regels",
        "De gemeente past vergunningen en beleid flexibel toe waar het initiatief daarom vraagt.",
    ),
    "vaste-contactpersoon": (
        "Vaste contactpersoon bij de gemeente",
        "Initiatiefnemers hebben één ambtenaar die ze kennen en die snel antwoordt.",
    ),
    "startkapitaal": (
        "Startkapitaal van de gemeente",
        "Een kleine startsubsidie maakt de eerste stappen mogelijk.",
    ),
    "lokale-ondernemers-doen-mee": (
        "Lokale ondernemers doen mee",
        "Winkeliers en bedrijven sponsoren, lenen materiaal uit of leveren menskracht.",
    ),
    "duidelijke-afspraken": (
        "Duidelijke afspraken over taken en risico's",
        "Een beheerovereenkomst legt vast wie waarvoor verantwoordelijk is.",
    ),
    "draagvlak-in-de-buurt": (
        "Draagvlak in de buurt",
        "Veel bewoners steunen het initiatief en doen af en toe mee.",
    ),
}
FAILURE_FACTORS = {
    "overbelaste-vrijwilligers": (
        "Overbelaste vrijwilligers",
        "Te veel werk komt op te weinig schouders terecht.",
    ),
    "wisselende-ambtenaren": (
        "Wisselende ambtenaren",
        "Steeds een andere contactpersoon, waardoor afspraken verloren gaan.",
    ),
    "te-veel-regels": (
        "Te veel regels en vergunningen",
        "Vergunningen en verzekeringen kosten de vrijwilligers maanden.",
    ),
    "geen-opvolgers": (
        "Geen opvolgers voor de trekkers",
        "Toen de oprichters stopten, nam niemand het stokje over.",
    ),
    "onzekere-financiering": (
        "Onzekere financiering",
        "De subsidie wordt elk jaar opnieuw ter discussie gesteld.",
    ),
    "wantrouwen": (
        "Wantrouwen tussen gemeente en bewoners",
        "Oude conflicten maken samenwerken moeizaam.",
    ),
}
FACTOR_EXPLANATIONS = {
    slug: text for slug, (_, text) in (SUCCESS_FACTORS | FAILURE_FACTORS).items()
}


@dataclass(frozen=True)
class Topic:
    subjects: tuple  # noun phrases with article: "het zwembad"
    tags: tuple
    sectors: tuple  # preferred sector slugs
    forms: tuple  # preferred form slugs
    details: tuple  # topic-specific sentences


LEEFBAARHEID = "leefbaarheid-en-sociale-samenhang"
OPENBARE_RUIMTE = "beheer-openbare-ruimte"
WELZIJN = "arbeidsparticipatie-sociaal-beleid-en-welzijn"
JEUGD = "jeugd-en-opvoeding"
ZORG = "zorg-en-volksgezondheid"
ZELFBEHEER = "zelfbeheer-openbare-ruimte"
ONDERNEMEN = "sociaal-ondernemerschap"
ZEGGENSCHAP = "overdracht-politieke-zeggenschap"
VEILIGHEID = "maatschappelijke-handhaving-toezicht-veiligheid"
SAMENHANG = "sociale-samenhang-en-actieve-deelname"
VOORZIENINGEN = "vrijwilligerswerk-en-zelforganisatie-lokale-voorzieningen"
NETWERKEN = "nieuwe-netwerken-en-coalities"

TOPICS = (
    Topic(
        ("het zwembad", "het openluchtbad", "het buitenzwembad", "het natuurbad"),
        ("zwembad", "zwemvereniging", "beheer overdragen", "bezuinigingen"),
        (LEEFBAARHEID, ZORG),
        (VOORZIENINGEN, ONDERNEMEN),
        (
            "De zwemvereniging telt {n} leden en geeft zwemles aan kinderen uit de hele gemeente.",
            "Badmeesters, kassamedewerkers en de onderhoudsploeg zijn allemaal vrijwilligers.",
            "In de zomer trekt het bad op warme dagen meer dan {m} bezoekers.",
        ),
    ),
    Topic(
        ("de bibliotheek", "de dorpsbibliotheek", "het boekenpunt", "de leestafel"),
        ("bibliotheek", "boeken lenen", "ontmoetingsplek", "leesbevordering"),
        (LEEFBAARHEID, JEUGD),
        (VOORZIENINGEN, SAMENHANG),
        (
            "Vrijwilligers lenen boeken uit, lezen voor aan peuters en helpen ouderen met "
            "formulieren.",
            "De collectie van {m} boeken is geschonken door inwoners en de provinciale "
            "bibliotheekdienst.",
            "Op woensdagmiddag is er een leesclub voor kinderen uit groep vijf tot en met acht.",
        ),
    ),
    Topic(
        ("het buurthuis", "het dorpshuis", "het wijkcentrum", "de ontmoetingsruimte"),
        ("buurthuis", "dorpshuis", "ontmoetingsplek", "zelfbeheer"),
        (LEEFBAARHEID, WELZIJN),
        (VOORZIENINGEN, SAMENHANG),
        (
            "Er is een wekelijkse maaltijd voor {n} buurtbewoners, gekookt door vrijwilligers.",
            "Het gebouw wordt verhuurd aan de biljartclub, de koren en de peuterspeelzaal.",
            "Bewoners beheren de sleutels, de agenda en de bar zelf.",
        ),
    ),
    Topic(
        ("het groenbeheer", "de plantsoenen", "het buurtpark", "de boomspiegels", "de bloemperken"),
        ("groenbeheer", "adoptiegroen", "openbare ruimte", "biodiversiteit"),
        (OPENBARE_RUIMTE, LEEFBAARHEID),
        (ZELFBEHEER,),
        (
            "Bewoners maaien, snoeien en planten zelf, met gereedschap dat de gemeente uitleent.",
            "Het adoptiecontract beschrijft welke stukken groen de bewoners onderhouden.",
            "Waar eerst gras lag, bloeien nu inheemse planten voor bijen en vlinders.",
        ),
    ),
    Topic(
        ("de buurtbus", "het vervoer voor ouderen", "de belbus", "de dorpsauto"),
        ("buurtbus", "vervoer", "mobiliteit", "ouderen"),
        (WELZIJN, ZORG),
        (VOORZIENINGEN, ONDERNEMEN),
        (
            "Vrijwillige chauffeurs rijden ouderen naar de huisarts, de markt en het ziekenhuis.",
            "De bus rijdt {days} dagen per week een vaste route langs de kernen.",
            "Ritten worden een dag van tevoren gereserveerd bij de centrale.",
        ),
    ),
    Topic(
        (
            "de energiecoöperatie",
            "het zonnepark",
            "de zonnepanelen op het dak van de sporthal",
            "de windmolen",
        ),
        ("energiecoöperatie", "zonnepanelen", "duurzaamheid", "energietransitie"),
        (OPENBARE_RUIMTE, LEEFBAARHEID),
        (ONDERNEMEN, NETWERKEN),
        (
            "De coöperatie heeft {n} leden die samen {m} zonnepanelen bezitten.",
            "De opbrengst gaat naar een fonds voor energiebesparing in de buurt.",
            "Energiecoaches helpen bewoners met isolatie en een lagere energierekening.",
        ),
    ),
    Topic(
        ("de speeltuin", "het speelveld", "het trapveldje", "de natuurspeeltuin"),
        ("speeltuin", "spelen", "kinderen", "speeltuinvereniging"),
        (JEUGD, OPENBARE_RUIMTE),
        (ZELFBEHEER, VOORZIENINGEN),
        (
            "Ouders ontwierpen de speeltoestellen samen met de kinderen van de basisschool.",
            "De speeltuinvereniging int contributie en doet de veiligheidsinspectie zelf.",
            "Op zaterdag is de speeltuin open onder toezicht van vrijwillige ouders.",
        ),
    ),
    Topic(
        ("het wijkbudget", "het buurtbudget", "het bewonersbudget", "de wijkpot"),
        ("wijkbudget", "bewonersbudget", "participatie", "zeggenschap"),
        (LEEFBAARHEID,),
        (ZEGGENSCHAP, SAMENHANG),
        (
            "Bewoners stemmen elk jaar over de besteding van {amount} euro.",
            "Een bewonerscommissie beoordeelt de aanvragen en let op draagvlak in de buurt.",
            "Het geld ging onder meer naar bankjes, een buurtfeest en een AED.",
        ),
    ),
    Topic(
        ("de burenhulp", "de mantelzorgondersteuning", "het zorgnetwerk", "de dagbesteding"),
        ("burenhulp", "mantelzorg", "zorgcoöperatie", "eenzaamheid"),
        (ZORG, WELZIJN),
        (VOORZIENINGEN, NETWERKEN),
        (
            "Buren doen boodschappen, brengen maaltijden en gaan mee naar het ziekenhuis.",
            "De zorgcoöperatie regelt de inzet van {n} vrijwilligers naast de thuiszorg.",
            "Ouderen kunnen langer thuis blijven wonen en voelen zich minder eenzaam.",
        ),
    ),
    Topic(
        ("de buurtmoestuin", "de voedseltuin", "de pluktuin", "de schooltuin"),
        ("moestuin", "voedsel", "ontmoeting", "tuinieren"),
        (OPENBARE_RUIMTE, WELZIJN),
        (ZELFBEHEER, SAMENHANG),
        (
            "De oogst gaat naar de voedselbank en naar de buurtmaaltijd.",
            "Mensen met afstand tot de arbeidsmarkt werken in de tuin onder begeleiding.",
            "Op een braakliggend terrein liggen nu {n} moestuinbakken.",
        ),
    ),
    Topic(
        ("het repair café", "de kringloopwerkplaats", "het leencafé", "de gereedschapsbieb"),
        ("repair café", "hergebruik", "leencafé", "duurzaamheid"),
        (LEEFBAARHEID, WELZIJN),
        (ONDERNEMEN, SAMENHANG),
        (
            "Handige buurtbewoners repareren elke maand {n} apparaten, fietsen en kleding.",
            "In het leencafé lenen inwoners gereedschap, een boormachine of een partytent.",
            "Spullen krijgen een tweede leven en bezoekers leren zelf repareren.",
        ),
    ),
    Topic(
        ("de buurtpreventie", "de buurtwacht", "de whatsappgroep voor buurtpreventie"),
        ("buurtpreventie", "veiligheid", "toezicht", "wijkagent"),
        (LEEFBAARHEID, OPENBARE_RUIMTE),
        (VEILIGHEID,),
        (
            "Buurtwachten lopen 's avonds in tweetallen een ronde door de wijk.",
            "De wijkagent deelt meldingen in de whatsappgroep van de buurtpreventie.",
            "Het aantal woninginbraken daalde in {k} jaar met {pct} procent.",
        ),
    ),
    Topic(
        ("de sporthal", "het sportpark", "de voetbalvereniging", "het beweegaanbod"),
        ("sport", "bewegen", "sportvereniging", "buurtsportcoach"),
        (ZORG, JEUGD),
        (VOORZIENINGEN, ONDERNEMEN),
        (
            "De verenigingen beheren samen de kantine, de velden en de kleedkamers.",
            "Een buurtsportcoach organiseert beweegaanbod voor ouderen en kinderen.",
            "De sportvereniging nam het onderhoud van de velden over van de gemeente.",
        ),
    ),
    Topic(
        ("het jongerencentrum", "de jongerenraad", "het jongerenwerk", "de skatebaan"),
        ("jongeren", "jeugd", "jongerenraad", "skatebaan"),
        (JEUGD,),
        (SAMENHANG, ZEGGENSCHAP),
        (
            "Jongeren tussen twaalf en achttien beslissen zelf over het programma.",
            "De jongerenraad adviseert de gemeenteraad gevraagd en ongevraagd.",
            "Overlast op het plein nam af sinds de jongeren een eigen plek hebben.",
        ),
    ),
    Topic(
        ("het uitdaagrecht", "de overname van het gemeentelijk groenonderhoud", "de buurtschouw"),
        ("uitdaagrecht", "right to challenge", "maatschappelijk aanbesteden"),
        (OPENBARE_RUIMTE, WELZIJN),
        (ZEGGENSCHAP, ONDERNEMEN),
        (
            "Met het right to challenge daagden bewoners de gemeente uit om een taak over te "
            "dragen.",
            "De bewoners lieten zien dat zij het werk goedkoper en beter konden doen.",
            "Het budget voor de taak ging mee naar de bewonersorganisatie.",
        ),
    ),
    Topic(
        ("het dorpsplan", "de dorpsraad", "het wijkplatform", "de gebiedsagenda"),
        ("dorpsraad", "gebiedsgericht werken", "dorpsplan", "kernenbeleid"),
        (LEEFBAARHEID,),
        (ZEGGENSCHAP, NETWERKEN),
        (
            "Het dorpsplan bevat {n} projecten die bewoners zelf hebben bedacht.",
            "De dorpsraad praat mee over woningbouw, verkeer en voorzieningen in de kern.",
            "Elke kern heeft een vaste contactpersoon in het gemeentehuis.",
        ),
    ),
    Topic(
        ("de wijkonderneming", "het buurtbedrijf", "de sociale onderneming", "de buurtwinkel"),
        ("wijkonderneming", "sociaal ondernemen", "werkgelegenheid", "buurtwinkel"),
        (WELZIJN, LEEFBAARHEID),
        (ONDERNEMEN, NETWERKEN),
        (
            "De onderneming biedt werk aan {n} buurtbewoners die lang thuis zaten.",
            "Schoonmaak, klusdiensten en catering leveren de omzet op.",
            "De winst wordt opnieuw in de buurt geïnvesteerd.",
        ),
    ),
    Topic(
        ("het buurtfestival", "het dorpsfeest", "de culturele werkplaats", "het oranjefeest"),
        ("cultuur", "evenementen", "ontmoeting", "muziek"),
        (LEEFBAARHEID, JEUGD),
        (SAMENHANG, NETWERKEN),
        (
            "Het festival trekt elk jaar {m} bezoekers en draait helemaal op vrijwilligers.",
            "Muziekverenigingen, scholen en ondernemers werken mee aan het programma.",
            "Nieuwe bewoners leren hun buren kennen tijdens de voorbereiding.",
        ),
    ),
)
GENERAL_TAGS = (
    "vrijwilligers",
    "stichting",
    "crowdfunding",
    "samenwerking",
    "initiatiefnemers",
    "bewonersinitiatief",
    "burgerinitiatief",
    "coöperatie",
    "subsidie",
    "noaberschap",
)
GROUPS = (
    "bewoners",
    "vrijwilligers",
    "buurtbewoners",
    "ouders",
    "ondernemers",
    "jongeren",
    "ouderen",
    "dorpsgenoten",
    "leden van de vereniging",
)
ORGANISATIONS = (
    "De Schakel",
    "Het Anker",
    "De Brug",
    "Samen Sterk",
    "Op Eigen Kracht",
    "De Linde",
    "Noaberschap",
    "Ons Dorp",
    "De Verbinding",
    "Buurtkracht",
    "De Kern",
    "Het Trefpunt",
    "Dorpsbelang",
    "De Zonnebloem",
)
WIJK_HEADS = _word_list(
    "Ooster Wester Noorder Zuider Kruiden Bloemen Vogel Schilders Componisten Rivieren Bomen "
    "Oude Nieuwe Sterren Molen Vaart Kerk Haven Beek Dichters Vruchten Stations"
)
WIJK_TAILS = ("wijk", "buurt", "park", "kwartier", "hof", "veld", "dorp", "akker")

TITLES = (
    "{Group} nemen {subject} over in {place}",
    "{Subject} van {place} in handen van bewoners",
    "Stichting {org} houdt {subject} open",
    "{place}: {subject} draait op vrijwilligers",
    "Van gemeentetaak naar bewonerszaak: {subject} in {wijk}",
    "{Subject} in de {wijk}",
    "Hoe {group} in {place} {subject} redden",
    "{Subject} als ontmoetingsplek in {wijk}",
    "Doe-democratie in {place}: {subject}",
    "{Subject} {place} sinds {year} in zelfbeheer",
    "Samen sterk voor {subject} in {wijk}, {place}",
    "Nieuw leven voor {subject} in {place}",
)
SUMMARIES = (
    "{Group} in {wijk} namen in {year} {subject} over van de gemeente {place}.",
    "Toen {subject} dreigde te verdwijnen, richtten {group} stichting {org} op.",
    "In {place} zorgen {n} vrijwilligers voor {subject}.",
    "{Subject} in {wijk} is een initiatief van {group}, met steun van de gemeente.",
    "De gemeente {place} ondersteunt {group} die {subject} zelf beheren.",
    "Wat begon als een plan aan de keukentafel, groeide uit tot {subject} voor de hele kern.",
    "Met een kleine startsubsidie en veel eigen inzet houden {group} {subject} draaiende.",
)
CONTEXT = (
    "Toen de gemeente {place} moest bezuinigen, dreigde {subject} te verdwijnen.",
    "In {wijk} misten bewoners een plek om elkaar te ontmoeten.",
    "Door de vergrijzing in {place} groeide de vraag naar {subject}.",
    "{Subject} werd slecht onderhouden en bewoners ergerden zich daaraan.",
    "De gemeente wilde {subject} niet langer zelf beheren.",
    "Na de decentralisaties in het sociaal domein zocht {place} nieuwe vormen van samenwerking "
    "met inwoners.",
    "In {year} kondigde het college aan dat {subject} zou sluiten.",
    "De woningcorporatie en de gemeente zagen de leefbaarheid in {wijk} achteruitgaan.",
)
INITIATIVE = (
    "{Group} richtten stichting {org} op en namen {subject} over.",
    "Een groep van {n} vrijwilligers zorgt sindsdien voor {subject}.",
    "De initiatiefnemers haalden geld op met crowdfunding en sponsoring door lokale ondernemers.",
    "Bewoners maakten samen een plan en legden dat voor aan de gemeenteraad.",
    "Iedere week komen vrijwilligers bij elkaar om het werk te verdelen.",
    "De vereniging werkt samen met de woningcorporatie, de school en de huisartsenpraktijk.",
    "Een bewonersinitiatief uit {wijk} nam het voortouw.",
)
MUNICIPALITY_ROLE = (
    "De gemeente stelde een ideeënmakelaar beschikbaar die de initiatiefnemers de weg wees.",
    "De gemeente gaf een startsubsidie van {amount} euro en verhuurt het gebouw voor een "
    "symbolisch bedrag.",
    "Ambtenaren pasten de regels flexibel toe, zodat de vrijwilligers zelf aan de slag konden.",
    "De gemeente sloot een beheerovereenkomst met de stichting voor {k} jaar.",
    "De wethouder bleef op afstand en liet de bewoners zelf beslissen.",
    "Via het wijkbudget kregen bewoners zeggenschap over {amount} euro per jaar.",
    "Een vaste contactpersoon bij de gemeente hielp met vergunningen en verzekeringen.",
)
RESULT = (
    "{Subject} is nu {days} dagen per week open en trekt ook bezoekers uit omliggende kernen.",
    "Het aantal vrijwilligers groeide in {k} jaar van {n} naar {m}.",
    "Bewoners zeggen dat de buurt schoner en veiliger is geworden.",
    "Een evaluatie door de hogeschool liet zien dat de eenzaamheid onder ouderen afnam.",
    "De aanpak is inmiddels overgenomen door {k} andere gemeenten.",
    "De kosten voor de gemeente daalden met ongeveer {pct} procent.",
    "Het initiatief kreeg in {year} een provinciale prijs voor burgerparticipatie.",
)
STOP_REASONS = (
    "Na {k} jaar stopte het initiatief, omdat er te weinig nieuwe vrijwilligers kwamen.",
    "De subsidie werd na {k} jaar stopgezet en de stichting kon de huur niet meer betalen.",
    "De trekkers verhuisden en niemand nam het stokje over.",
    "Een conflict met de gemeente over aansprakelijkheid maakte een einde aan het project.",
)
# (value, weight): status "" means the page leaves it empty.
OUTCOMES = (("lopend", 55), ("afgerond", 25), ("gestopt", 12), ("", 8))
# More practices started recently than long ago.
START_YEARS = range(2005, 2026)
START_YEAR_CUMULATIVE = list(itertools.accumulate(range(1, len(START_YEARS) + 1)))
EVIDENCE = (("beschreven", 55), ("geevalueerd", 25), ("herhaald", 12), ("extern-onderzocht", 8))


@dataclass(frozen=True)
class Vocabulary:
    """What the generated documents may refer to: the terms and municipalities in the database."""

    forms: tuple
    strategies: tuple  # with their rung
    rungs: tuple
    sectors: tuple
    challenges: tuple
    tags: dict  # name → Tag
    factors: dict  # slug → Factor
    places: tuple  # Municipality
    place_weights: tuple


def municipality_rows(rng, count=None):
    """(cbs_code, name, province, inhabitants) for Dutch-like municipalities, seeded.

    342 by default, spread over the provinces as the real ones are, with inhabitant counts
    from about a thousand (Schiermonnikoog-like) to several hundred thousand.
    """
    provinces = [name for name, n in PROVINCE_COUNTS.items() for _ in range(n)]
    if count is not None:
        provinces = [rng.choice(provinces) for _ in range(count)]
    codes = rng.sample(range(1, 2000), len(provinces))
    names = set()
    while len(names) < len(provinces):
        name = rng.choice(NAME_HEADS) + rng.choice(NAME_TAILS)
        roll = rng.random()
        if roll < 0.12:
            name = rng.choice(NAME_PREFIXES) + name
        elif roll < 0.17:
            name += rng.choice(NAME_SUFFIXES)
        names.add(name)
    rows = []
    for province, code, name in zip(provinces, codes, sorted(names), strict=True):
        inhabitants = int(min(900_000, max(950, rng.lognormvariate(10.35, 0.8))))
        rows.append((f"GM{code:04d}", name, province, inhabitants))
    return rows


def tag_names():
    names = {tag for topic in TOPICS for tag in topic.tags}
    return sorted(names | set(GENERAL_TAGS))


def tag_slug(name):
    return slugify(fold(name))


@transaction.atomic
def load_reference_data(seed, municipalities=None):
    """Municipalities, factors and tags in the (fresh) benchmark database; returns counts.

    Tags only become facet values once a practice page uses them (search.facets._tags), so
    one unpublished page carries every tag. It is the only page the benchmark creates and it
    is never indexed.
    """
    from taggit.models import Tag
    from wagtail.models import Page

    from practices.municipalities.models import Municipality
    from practices.taxonomy.models import Factor

    rng = random.Random(seed)
    rows = municipality_rows(rng, municipalities)
    Municipality.objects.bulk_create(
        [
            Municipality(cbs_code=code, name=name, province=province, inhabitants=inhabitants)
            for code, name, province, inhabitants in rows
        ],
        ignore_conflicts=True,
    )
    factors = {**SUCCESS_FACTORS, **FAILURE_FACTORS}
    Factor.objects.bulk_create(
        [
            Factor(slug=slug, name=name, description=text, sort_order=n)
            for n, (slug, (name, text)) in enumerate(factors.items())
        ],
        ignore_conflicts=True,
    )
    Tag.objects.bulk_create(
        [Tag(name=name, slug=tag_slug(name)) for name in tag_names()], ignore_conflicts=True
    )
    carrier = PracticePage.objects.filter(slug="benchmark-trefwoorden").first()
    if carrier is None:
        carrier = PracticePage(
            title="Benchmark: trefwoorden",
            slug="benchmark-trefwoorden",
            summary="Draagt de trefwoorden van de benchmark; nooit gepubliceerd.",
            live=False,
        )
        Page.get_first_root_node().add_child(instance=carrier)
    tags = Tag.objects.filter(name__in=tag_names())
    PracticeTag.objects.bulk_create(
        [PracticeTag(tag=tag, content_object_id=carrier.pk) for tag in tags],
        ignore_conflicts=True,
    )
    return {"municipalities": len(rows), "factors": len(factors), "tags": tags.count()}


def vocabulary():
    from taggit.models import Tag

    from practices.municipalities.models import Municipality
    from practices.taxonomy.models import Challenge, Factor, Form, Rung, Sector, SizeClass, Strategy

    sizes = list(SizeClass.objects.all())
    places = tuple(Municipality.objects.order_by("cbs_code"))
    for municipality in places:
        # What Municipality.size_class reads, without a query per municipality.
        municipality.size_class = next(
            (size for size in sizes if size.contains(municipality.inhabitants)), None
        )
    return Vocabulary(
        forms=tuple(Form.objects.all()),
        strategies=tuple(Strategy.objects.select_related("rung")),
        rungs=tuple(Rung.objects.all()),
        sectors=tuple(Sector.objects.all()),
        challenges=tuple(Challenge.objects.all()),
        tags={tag.name: tag for tag in Tag.objects.all()},
        factors={factor.slug: factor for factor in Factor.objects.all()},
        places=places,
        place_weights=tuple((place.inhabitants or 1000) ** 0.5 for place in places),
    )


def _weighted(rng, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def _capital(text):
    return text[:1].upper() + text[1:]


class PracticeGenerator:
    """Builds SearchDocuments the way search.documents.practice_document does."""

    def __init__(self, seed, vocab, now=None):
        self.rng = random.Random(seed)
        self.vocab = vocab
        self.now = now or datetime(2026, 6, 1, 12, tzinfo=UTC)
        self.forms = {term.slug: term for term in vocab.forms}
        self.sectors = {term.slug: term for term in vocab.sectors}
        self.place_cumulative = list(itertools.accumulate(vocab.place_weights))
        missing = {name for topic in TOPICS for name in topic.tags} - set(vocab.tags)
        if missing:
            raise ValueError(f"tags missing from the database: {sorted(missing)}")

    def documents(self, count, first_page_id=1_000_000):
        for number in range(count):
            yield self.document(first_page_id + number)

    def _words(self, topic, place):
        rng = self.rng
        subject = rng.choice(topic.subjects)
        group = rng.choice(GROUPS)
        return {
            "subject": subject,
            "Subject": _capital(subject),
            "group": group,
            "Group": _capital(group),
            "place": place.name,
            "wijk": rng.choice(WIJK_HEADS) + rng.choice(WIJK_TAILS),
            "org": rng.choice(ORGANISATIONS),
            "year": rng.randint(2008, 2025),
            "n": rng.randint(5, 120),
            "m": rng.randint(120, 4000),
            "k": rng.randint(2, 9),
            "days": rng.randint(2, 7),
            "pct": rng.randint(5, 45),
            "amount": rng.choice((2500, 5000, 10_000, 15_000, 25_000, 50_000)),
        }

    def _sentences(self, templates, words, low, high):
        chosen = self.rng.sample(templates, self.rng.randint(low, high))
        return " ".join(template.format(**words) for template in chosen)

    def document(self, page_id):
        return self.practice(page_id)[1]

    def practice(self, page_id):
        """The practice as an unsaved page (what the facets read) and its SearchDocument."""
        rng, vocab = self.rng, self.vocab
        topic = rng.choice(TOPICS)
        place = rng.choices(vocab.places, cum_weights=self.place_cumulative)[0]
        words = self._words(topic, place)
        title = rng.choice(TITLES).format(**words)
        title = _capital(title)
        summary = (
            self._sentences(SUMMARIES, words, 1, 2)
            + " "
            + rng.choice(topic.details).format(**words)
        )
        outcome = _weighted(rng, OUTCOMES)
        body_parts = [
            self._sentences(CONTEXT, words, 1, 3),
            self._sentences(INITIATIVE, words, 2, 3),
            self._sentences(topic.details, words, 1, 2),
            self._sentences(MUNICIPALITY_ROLE, words, 1, 3),
            self._sentences(RESULT, words, 1, 3),
        ]
        stop_reason = rng.choice(STOP_REASONS).format(**words) if outcome == "gestopt" else ""
        body = " ".join(body_parts) + " " + stop_reason

        forms = self._pick(vocab.forms, [self.forms[s] for s in topic.forms], 1, 3)
        strategies = rng.sample(vocab.strategies, rng.choice((0, 1, 1, 2, 2, 3, 4)))
        government_role = rng.choice(vocab.rungs) if rng.random() < 0.7 else None
        sectors = self._pick(vocab.sectors, [self.sectors[s] for s in topic.sectors], 1, 2)
        challenges = rng.sample(vocab.challenges, rng.choice((0, 1, 1, 2, 3)))
        tag_names_ = set(rng.sample(topic.tags, rng.randint(1, 3)))
        tag_names_ |= set(rng.sample(GENERAL_TAGS, rng.randint(0, 2)))
        tags = sorted((vocab.tags[name] for name in tag_names_), key=lambda t: t.slug)
        successes = rng.sample(sorted(SUCCESS_FACTORS), rng.choice((0, 1, 1, 2, 3)))
        failures = rng.sample(
            sorted(FAILURE_FACTORS), rng.choice((1, 2) if outcome == "gestopt" else (0, 0, 0, 1))
        )
        factor_text = " ".join(
            f"{vocab.factors[slug].name}. {FACTOR_EXPLANATIONS[slug]}"
            for slug in successes + failures
        )

        start_year = rng.choices(START_YEARS, cum_weights=START_YEAR_CUMULATIVE)[0]
        first = datetime(start_year, 1, 1, tzinfo=UTC)
        published = first + timedelta(
            seconds=rng.randint(0, int((self.now - first).total_seconds()))
        )
        # The page as an editor would have saved it, in memory only: what the facets read.
        page = PracticePage(
            body=[],  # the text is the document's; an empty stream saves building the default
            municipality=place,
            status=outcome,
            evidence_level=_weighted(rng, EVIDENCE),
            government_role=government_role,
        )
        page.forms, page.strategies = forms, strategies
        page.sectors, page.challenges = sectors, challenges
        page.tagged_items = [PracticeTag(tag=tag) for tag in tags]
        page.factors = [
            *(
                PracticeFactor(factor=vocab.factors[slug], kind=FactorKind.SUCCESS)
                for slug in successes
            ),
            *(
                PracticeFactor(factor=vocab.factors[slug], kind=FactorKind.FAILURE)
                for slug in failures
            ),
        ]
        labels = [*forms, *strategies, *facets.rungs(page), *sectors, *challenges, *tags]
        slug = slugify(fold(title))[:60] or "praktijk"
        return page, SearchDocument(
            key=f"page:{page_id}",
            page_id=page_id,
            kind=PRACTICE,
            title=title,
            url=f"/praktijken/{slug}-{page_id}/",
            summary=summary,
            body=body.strip(),
            municipality=place.name,
            labels=" ".join(term.name for term in labels),
            factors=factor_text,
            keywords=facets.keywords(PRACTICE, page),
            published=published,
            start_year=start_year,
            forms=tuple(term.name for term in forms),
            strategies=tuple(term.name for term in strategies),
        )

    def _pick(self, every, preferred, low, high):
        """low..high distinct terms, the first usually one the topic prefers."""
        count = self.rng.randint(low, high)
        chosen = [self.rng.choice(preferred)] if self.rng.random() < 0.85 else []
        for term in self.rng.sample(every, len(every)):
            if len(chosen) >= count:
                break
            if term not in chosen:
                chosen.append(term)
        return sorted(chosen, key=lambda term: term.slug)
