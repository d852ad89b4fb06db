package dev.blitz.backend.cpu;

/**
 * How many threads the CPU kernels use: {@code -Dblitz.threads}, else {@code BLITZ_THREADS}, else every core. Read
 * apart from {@link Parallel}, so that a bad value makes the CPU backend unusable with a reason (checked when it
 * starts) instead of failing {@code Parallel}'s class initialisation in the middle of the first kernel.
 */
final class ThreadSetting {
    static final String PROPERTY = "blitz.threads";
    static final String ENV = "BLITZ_THREADS";

    private ThreadSetting() {
    }

    /** The configured thread count; throws {@link IllegalArgumentException} saying what is wrong with the setting. */
    static int configured() {
        String property = System.getProperty(PROPERTY);
        return property != null ? parse("-D" + PROPERTY, property, Runtime.getRuntime().availableProcessors())
                : parse(ENV, System.getenv(ENV), Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param source where {@code value} came from, for the message
     * @param value the setting, or null/blank for every core
     * @param cores the machine's cores
     */
    static int parse(String source, String value, int cores) {
        if (value == null || value.isBlank()) {
            return cores;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(source + " must be a whole number >= 1 (the threads CPU kernels use), got \""
                + value + "\"; leave it unset to use every core (" + cores + ")");
    }
}
