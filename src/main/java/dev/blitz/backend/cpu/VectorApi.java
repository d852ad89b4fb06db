package dev.blitz.backend.cpu;

/**
 * Whether the JVM has the Vector API ({@code jdk.incubator.vector}, an incubator module in Java 17 that must
 * be added with {@code --add-modules}), and the one place that loads the classes built on it. Without the
 * module those classes are never touched, the scalar kernels run, and one line says how to get the fast ones.
 */
final class VectorApi {
    static final String NAME = "jdk.incubator.vector";
    static final boolean PRESENT = ModuleLayer.boot().findModule(NAME).isPresent();
    private static boolean hinted;

    private VectorApi() {
    }

    /** A new instance of the named Vector API class of this package, or {@code fallback} without the module. */
    static <T> T load(String simpleName, Class<T> type, T fallback) {
        if (!PRESENT) {
            hintOnce("blitz: " + NAME + " not available, using the scalar CPU kernels (add --add-modules " + NAME
                    + " for ~10x faster GEMMs)");
            return fallback;
        }
        try {
            return type.cast(Class.forName(VectorApi.class.getPackageName() + "." + simpleName)
                    .getDeclaredConstructor().newInstance());
        } catch (ReflectiveOperationException | LinkageError e) {
            hintOnce("blitz: " + NAME + " is present but unusable (" + e + "), using the scalar CPU kernels");
            return fallback;
        }
    }

    private static synchronized void hintOnce(String line) {
        if (!hinted) {
            hinted = true;
            System.err.println(line);
        }
    }
}
