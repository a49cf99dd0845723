"""The Dutch stemmer under gunicorn's threads: every thread gets the stems one thread gets.

A snowball stemmer keeps the word it works on inside itself; shared between threads, two
words overwrite each other mid-way (found by platform/prove's load test: /zoeken/ answered 500
with IndexError in the stemmer).
"""

import sys
import threading

from search.analysis import stem

THREADS = 8
# Thousands of distinct Dutch-looking words, of the lengths and endings the stemmer works on.
WORDS = [
    f"{head}{tail}"
    for head in ("buurt", "zwem", "speel", "bibliotheek", "groen", "vrijwillig", "wijk", "dorp")
    for tail in (
        "huizen",
        "baden",
        "tuinen",
        "ers",
        "heden",
        "ingen",
        "lijke",
        "ste",
        "en",
        "je",
        "tjes",
        "achtig",
        "erij",
        "schap",
        "pen",
        "den",
        "ië",
        "ën",
        "iën",
        "heid",
    )
] * 25


def test_stemming_in_many_threads_at_once_gives_the_stems_of_one_thread():
    words = WORDS
    unstemmed = stem.__wrapped__  # past the cache, to the stemmer itself
    expected = [unstemmed(word) for word in words]
    results, errors = {}, []
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to meet the race

    def work(number):
        try:
            results[number] = [unstemmed(word) for word in words]
        except Exception as error:  # the race shows as an IndexError inside the stemmer
            errors.append(error)

    try:
        threads = [threading.Thread(target=work, args=(n,)) for n in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert all(results[n] == expected for n in range(THREADS))
