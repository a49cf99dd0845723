/*
 * One OpenSearch node in its own JVM, joining the other nodes of a local cluster.
 *
 * Run by platform/elasticsearch/cluster with Java's single-file source launcher (no build step):
 *
 *   java -cp "$LIB/*" ClusterNode.java CLUSTER NAME HOME HTTP_PORT TRANSPORT_PORT SEEDS MANAGERS
 *
 * SEEDS are the transport addresses of all nodes ("127.0.0.1:9381,127.0.0.1:9382,..."),
 * MANAGERS the names of the nodes that may bootstrap the cluster ("node-1,node-2,node-3").
 *
 * Why not OpenSearchRunner itself: its main starts every node in ONE JVM (-numOfNode), and
 * it names each node "Node <i>" and sets http.port itself, over anything in opensearch.yml.
 * A cluster that must survive one lost process needs one process per node with its own
 * name and ports. This builds the node the way the runner does (its OpenSearchRunnerNode
 * loads the modules from the classpath), with the discovery settings a cluster needs.
 */

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.codelibs.opensearch.runner.node.OpenSearchRunnerNode;
import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.plugins.Plugin;

public class ClusterNode {

    // The runner's module list (OpenSearchRunner.MODULE_TYPES): what a stock node ships with.
    private static final String[] MODULES = {
        "org.opensearch.search.aggregations.matrix.MatrixAggregationPlugin",
        "org.opensearch.analysis.common.CommonAnalysisPlugin",
        "org.opensearch.geo.GeoModulePlugin",
        "org.opensearch.ingest.common.IngestCommonPlugin",
        "org.opensearch.ingest.useragent.IngestUserAgentPlugin",
        "org.opensearch.script.expression.ExpressionPlugin",
        "org.opensearch.script.mustache.MustachePlugin",
        "org.opensearch.painless.PainlessPlugin",
        "org.opensearch.index.mapper.MapperExtrasPlugin",
        "org.opensearch.join.ParentJoinPlugin",
        "org.opensearch.percolator.PercolatorPlugin",
        "org.opensearch.index.rankeval.RankEvalPlugin",
        "org.opensearch.index.reindex.ReindexPlugin",
        "org.opensearch.plugin.repository.url.URLRepositoryPlugin",
        "org.opensearch.transport.Netty4Plugin",
    };

    public static void main(String[] args) throws Exception {
        if (args.length != 7) {
            System.err.println(
                "usage: ClusterNode CLUSTER NAME HOME HTTP_PORT TRANSPORT_PORT SEEDS MANAGERS");
            System.exit(2);
        }
        String cluster = args[0], name = args[1];
        Path home = Paths.get(args[2]).toAbsolutePath();
        Path config = home.resolve("config");
        for (String dir : List.of("config", "data", "logs", "modules", "plugins")) {
            Files.createDirectories(home.resolve(dir));
        }
        copyResource("config/log4j2.properties", config.resolve("log4j2.properties"));
        Files.writeString(config.resolve("opensearch.yml"), "# settings come from ClusterNode\n");

        Settings settings = Settings.builder()
            .put("cluster.name", cluster)
            .put("node.name", name)
            .putList("node.roles", "cluster_manager", "data")
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("network.host", "127.0.0.1")
            .put("http.port", args[3])
            .put("transport.port", args[4])
            .putList("discovery.seed_hosts", args[5].split(","))
            .putList("cluster.initial_cluster_manager_nodes", args[6].split(","))
            // A test cluster on a shared disk: never refuse replicas because the disk is full-ish.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .build();
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Collections.emptyMap(), config, () -> name);
        LogConfigurator.registerErrorListener();
        LogConfigurator.configure(environment);

        OpenSearchRunnerNode node = new OpenSearchRunnerNode(environment, modules());
        CountDownLatch closed = new CountDownLatch(1);
        // SIGTERM (a clean stop) closes the node; SIGKILL (a lost node) does not, on purpose.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("Could not close node " + name + ": " + e);
            }
            closed.countDown();
        }));
        node.start();
        System.out.println("Node " + name + " started: http " + args[3] + ", transport " + args[4]);
        closed.await();
    }

    private static Collection<Class<? extends Plugin>> modules() {
        List<Class<? extends Plugin>> found = new ArrayList<>();
        for (String type : MODULES) {
            try {
                found.add(Class.forName(type).asSubclass(Plugin.class));
            } catch (ClassNotFoundException e) {
                System.err.println("Module not on the classpath, skipped: " + type);
            }
        }
        return found;
    }

    private static void copyResource(String resource, Path target) throws Exception {
        try (InputStream in = ClusterNode.class.getClassLoader().getResourceAsStream(resource)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
