package dev.blitz.backend.cuda;

import dev.blitz.backend.DeviceUnavailableException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns whatever starting CUDA threw (a JNI library that would not load, a missing class, our own checks) into
 * the few words of a log line: "libcuda.so.1 not found", "no CUDA device".
 */
final class CudaFailure {
    private static final Pattern MISSING_LIBRARY =
            Pattern.compile("(lib[\\w+-]+\\.so[.\\d]*): cannot open shared object file");
    private static final Pattern MISSING_SYMBOL = Pattern.compile(
            "undefined symbol: ([\\w@.]+)(?:, version ([\\w.]+))?");
    private static final Pattern MISSING_VERSION = Pattern.compile("version `([^']+)' not found");
    private static final int MAX_LENGTH = 200;

    private CudaFailure() {
    }

    static String reason(Throwable failure) {
        if (failure instanceof DeviceUnavailableException) {
            return failure.getMessage();
        }
        if (isMissingJcudaClass(failure)) {
            return "JCuda classes are not on the class path (" + failure.getMessage() + ")";
        }
        // A second touch of a class whose native library failed says NoClassDefFoundError; the original
        // UnsatisfiedLinkError text survives in its causes, so read the whole chain.
        StringBuilder text = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            text.append(t.getMessage()).append('\n');
        }
        Matcher m = MISSING_LIBRARY.matcher(text);
        if (m.find()) {
            String lib = m.group(1);
            return lib + " not found" + (lib.startsWith("libcuda.so") ? " (no NVIDIA driver)" : "");
        }
        m = MISSING_SYMBOL.matcher(text);
        if (m.find()) {
            return "undefined symbol " + m.group(1)
                    + (m.group(2) == null ? "" : " (version " + m.group(2) + ")") + ": a library has the wrong version";
        }
        m = MISSING_VERSION.matcher(text);
        if (m.find()) {
            return m.group(1).startsWith("GLIBC") ? "glibc too old (" + m.group(1) + " needed)"
                    : "symbol version " + m.group(1) + " not found: a library has the wrong version";
        }
        return shorten(failure.getClass().getSimpleName() + ": " + firstLine(failure.getMessage()));
    }

    private static boolean isMissingJcudaClass(Throwable t) {
        return t instanceof NoClassDefFoundError && t.getMessage() != null && t.getMessage().startsWith("jcuda/");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).trim();
    }

    private static String shorten(String s) {
        return s.length() <= MAX_LENGTH ? s : s.substring(0, MAX_LENGTH - 3) + "...";
    }
}
