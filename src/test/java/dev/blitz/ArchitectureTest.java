package dev.blitz;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guards the package structure of the main code. It reads the compiled classes rather than the sources so that
 * every reference counts (imports, qualified names, descriptors, generic signatures, lambdas): no package
 * cycles, and the layers core &lt;- backend &lt;- tensor &lt;- the rest, with the CPU and CUDA backends as
 * ServiceLoader plug-ins (META-INF/services) that no other package names.
 */
class ArchitectureTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final String ROOT = "dev.blitz";
    private static final String CORE = "dev.blitz.core";
    private static final String BACKEND = "dev.blitz.backend";
    private static final String CPU = "dev.blitz.backend.cpu";
    private static final String CUDA = "dev.blitz.backend.cuda";
    private static final String TENSOR = "dev.blitz.tensor";
    /** A class name inside a Utf8 constant: plain, in a descriptor (Ldev/blitz/core/Shape;) or a signature. */
    private static final Pattern CLASS_NAME = Pattern.compile("(?:dev/blitz|jcuda)/[\\w$/]*");

    /** package -> (package it uses -> "A uses B" for every pair of classes that makes that edge). */
    private static Map<String, Map<String, Set<String>>> graph;

    @BeforeAll
    static void readMainClasses() throws IOException {
        assertTrue(Files.isDirectory(CLASSES),
                CLASSES.toAbsolutePath() + " is missing: compile the main code first (mvn test-compile)");
        graph = packageGraph(CLASSES);
    }

    /** One compiled class: its internal name and every dev/blitz or jcuda name its constant pool mentions. */
    record ClassRefs(String name, Set<String> mentions) {
    }

    /** Parses the constant pool entry by entry (the pool has no index, so each tag's size must be known). */
    static ClassRefs readClass(Path file) throws IOException {
        try (var in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
            if (in.readInt() != 0xCAFEBABE) {
                throw new IOException("not a class file: " + file);
            }
            in.skipNBytes(4); // minor and major version
            int count = in.readUnsignedShort();
            String[] utf8 = new String[count];
            int[] classNameIndex = new int[count];
            for (int i = 1; i < count; i++) {
                int tag = in.readUnsignedByte();
                switch (tag) {
                    case 1 -> utf8[i] = in.readUTF(); // u2 length + modified UTF-8, as DataInput reads it
                    case 7 -> classNameIndex[i] = in.readUnsignedShort();
                    case 8, 16, 19, 20 -> in.skipNBytes(2);
                    case 15 -> in.skipNBytes(3);
                    case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                    case 5, 6 -> { // long and double take two slots
                        in.skipNBytes(8);
                        i++;
                    }
                    default -> throw new IOException("unknown constant pool tag " + tag + " in " + file);
                }
            }
            in.skipNBytes(2); // access flags; this_class follows
            String name = utf8[classNameIndex[in.readUnsignedShort()]];
            Set<String> mentions = new TreeSet<>();
            for (String s : utf8) {
                if (s != null) {
                    CLASS_NAME.matcher(s).results().forEach(m -> mentions.add(m.group()));
                }
            }
            return new ClassRefs(name, mentions);
        }
    }

    /** dev/blitz/tensor/Tensor$Node -> dev.blitz.tensor: nested classes share their outer class's package. */
    static String packageOf(String internalName) {
        int slash = internalName.lastIndexOf('/');
        return slash < 0 ? "" : internalName.substring(0, slash).replace('/', '.');
    }

    /** dev/blitz/tensor/Tensor$Node -> Tensor: the source file to look in. */
    static String simpleName(String internalName) {
        String last = internalName.substring(internalName.lastIndexOf('/') + 1);
        return last.isEmpty() ? internalName : last.split("\\$")[0];
    }

    /** The package graph of the main code, JCuda's packages included as leaves; own-package uses left out. */
    static Map<String, Map<String, Set<String>>> packageGraph(Path classesDir) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(classesDir)) {
            files = walk.filter(f -> f.toString().endsWith(".class")).sorted().toList();
        }
        Map<String, Map<String, Set<String>>> result = new TreeMap<>();
        for (Path file : files) {
            ClassRefs c = readClass(file);
            if (!c.name().startsWith("dev/blitz/")) {
                continue; // module-info and the like
            }
            String from = packageOf(c.name());
            Map<String, Set<String>> uses = result.computeIfAbsent(from, k -> new TreeMap<>());
            for (String target : c.mentions()) {
                String to = packageOf(target);
                if (!to.equals(from)) {
                    String pair = simpleName(c.name()) + " uses " + simpleName(target);
                    uses.computeIfAbsent(to, k -> new TreeSet<>()).add(pair);
                }
            }
        }
        return result;
    }

    /** Every package reachable from start along one or more edges. */
    static Set<String> reachable(Map<String, Map<String, Set<String>>> g, String start) {
        Set<String> seen = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(g.getOrDefault(start, Map.of()).keySet());
        while (!todo.isEmpty()) {
            String p = todo.pop();
            if (seen.add(p)) {
                todo.addAll(g.getOrDefault(p, Map.of()).keySet());
            }
        }
        return seen;
    }

    /**
     * One line per strongly connected component (packages that reach each other): the shortest cycle through its
     * first package, one example pair of classes per edge, then all the packages caught in it.
     */
    static List<String> cycles(Map<String, Map<String, Set<String>>> g) {
        Map<String, Set<String>> reach = new TreeMap<>();
        g.keySet().forEach(p -> reach.put(p, reachable(g, p)));
        Set<String> reported = new TreeSet<>();
        List<String> report = new ArrayList<>();
        for (String p : reach.keySet()) {
            if (reported.contains(p) || !reach.get(p).contains(p)) {
                continue;
            }
            Set<String> component = new TreeSet<>();
            reach.get(p).stream().filter(q -> reach.getOrDefault(q, Set.of()).contains(p)).forEach(component::add);
            reported.addAll(component);
            List<String> path = shortestCycle(g, p, component);
            String examples = Stream.iterate(0, i -> i < path.size() - 1, i -> i + 1)
                    .map(i -> g.get(path.get(i)).get(path.get(i + 1)).iterator().next())
                    .collect(Collectors.joining("; "));
            report.add(String.join(" -> ", path) + " (" + examples + "); packages in this cycle: " + component);
        }
        return report;
    }

    /** start -> ... -> start, breadth first inside the component, so the cycle shown is a shortest one. */
    static List<String> shortestCycle(Map<String, Map<String, Set<String>>> g, String start, Set<String> component) {
        Map<String, String> cameFrom = new HashMap<>();
        Deque<String> todo = new ArrayDeque<>(List.of(start));
        while (!cameFrom.containsKey(start)) {
            String p = todo.removeFirst();
            for (String q : g.getOrDefault(p, Map.of()).keySet()) {
                if (component.contains(q) && cameFrom.putIfAbsent(q, p) == null) {
                    todo.addLast(q);
                }
            }
        }
        LinkedList<String> path = new LinkedList<>();
        String p = start;
        do {
            path.addFirst(p);
            p = cameFrom.get(p);
        } while (!p.equals(start));
        path.addFirst(start);
        return path;
    }

    /** "from -> to (A uses B, C uses D)" for each edge the rule forbids, with every pair of classes behind it. */
    static List<String> forbiddenEdges(Map<String, Map<String, Set<String>>> g, BiPredicate<String, String> forbidden) {
        List<String> found = new ArrayList<>();
        g.forEach((from, uses) -> uses.forEach((to, pairs) -> {
            if (forbidden.test(from, to)) {
                found.add(from + " -> " + to + " (" + String.join(", ", pairs) + ")");
            }
        }));
        return found;
    }

    /** The package itself or one below it. */
    static boolean isIn(String pkg, String base) {
        return pkg.equals(base) || pkg.startsWith(base + ".");
    }

    private static void assertNone(String rule, List<String> violations) {
        assertTrue(violations.isEmpty(), () -> rule + ":\n  " + String.join("\n  ", violations));
    }

    @Test
    void readsTheRealGraph() {
        // Guards against a parser that finds nothing, which would make every rule below pass vacuously.
        assertTrue(graph.getOrDefault(TENSOR, Map.of()).containsKey(CORE), () -> "tensor -> core not seen: " + graph);
        assertTrue(graph.getOrDefault(CUDA, Map.of()).keySet().stream().anyMatch(p -> isIn(p, "jcuda")),
                () -> "backend.cuda -> jcuda not seen: " + graph.get(CUDA));
    }

    @Test
    void noPackageCycles() {
        assertNone("Package cycles", cycles(graph));
    }

    @Test
    void cpuAndCudaBackendsIgnoreEachOther() {
        assertNone("The CPU and CUDA backends reference each other", forbiddenEdges(graph,
                (f, t) -> isIn(f, CPU) && isIn(t, CUDA) || isIn(f, CUDA) && isIn(t, CPU)));
    }

    @Test
    void onlyTheCudaBackendUsesJCuda() {
        assertNone("JCuda used outside " + CUDA, forbiddenEdges(graph, (f, t) -> isIn(t, "jcuda") && !isIn(f, CUDA)));
    }

    @Test
    void backendPluginsAreOnlyFoundThroughServiceLoader() {
        assertNone("Backend plug-ins referenced directly (they are found through ServiceLoader)", forbiddenEdges(graph,
                (f, t) -> (isIn(t, CPU) || isIn(t, CUDA)) && !isIn(f, CPU) && !isIn(f, CUDA)));
    }

    @Test
    void coreIsTheBottomLayer() {
        assertNone(CORE + " references other packages",
                forbiddenEdges(graph, (f, t) -> f.equals(CORE) && isIn(t, ROOT)));
    }

    @Test
    void tensorDoesNotReachUp() {
        List<String> above = List.of("dev.blitz.nn", "dev.blitz.optim", "dev.blitz.data", "dev.blitz.io",
                "dev.blitz.cli", "dev.blitz.examples", "dev.blitz.models", "dev.blitz.viz");
        assertNone(TENSOR + " references a layer above it", forbiddenEdges(graph, (f, t) -> f.equals(TENSOR)
                && (t.equals(ROOT) || above.stream().anyMatch(a -> isIn(t, a)))));
    }

    @Test
    void backendSpiUsesOnlyCore() {
        assertNone(BACKEND + " (the SPI) references more than " + CORE, forbiddenEdges(graph,
                (f, t) -> f.equals(BACKEND) && isIn(t, ROOT) && !t.equals(CORE)));
    }

    /** Builds a synthetic graph from "a->b" edges, each with the example "A uses B". */
    private static Map<String, Map<String, Set<String>>> graphOf(String... edges) {
        Map<String, Map<String, Set<String>>> g = new TreeMap<>();
        for (String e : edges) {
            String[] ends = e.split("->");
            g.computeIfAbsent(ends[0], k -> new TreeMap<>())
                    .put(ends[1], new TreeSet<>(Set.of(ends[0].toUpperCase() + " uses " + ends[1].toUpperCase())));
        }
        return g;
    }

    @Test
    void cyclesReportsACycle() {
        // The cycle hangs off an acyclic part (x -> a, c -> d) that must not show up in it.
        assertEquals(List.of("a -> b -> c -> a (A uses B; B uses C; C uses A); packages in this cycle: [a, b, c]"),
                cycles(graphOf("x->a", "a->b", "b->c", "c->a", "c->d")));
    }

    @Test
    void cyclesAcceptsAnAcyclicGraph() {
        assertEquals(List.of(), cycles(graphOf("a->b", "b->c", "a->c", "c->d", "x->a")));
    }
}
