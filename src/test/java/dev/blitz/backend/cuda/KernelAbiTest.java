package dev.blitz.backend.cuda;

import dev.blitz.Prerequisites;
import dev.blitz.core.DType;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The launcher's view of each kernel (the typed methods of {@link Kernels}) against the PTX that will be loaded:
 * same kernels, same parameter count, order and types. A mismatch here would otherwise only show on a GPU, as
 * wrong numbers. Needs kernels/blitz.ptx on the class path: a checkout without it skips, saying so, or fails under
 * CI.
 */
class KernelAbiTest {
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM =
            Pattern.compile("\\.param\\s+(?:\\.align\\s+\\d+\\s+)?\\.(\\w+)\\s+\\w+(\\[\\d+])?");
    private static Map<String, List<String>> ptx;

    /** Per test, so that surefire counts the skips. */
    @BeforeEach
    void readPtx() throws IOException {
        if (ptx != null) {
            return;
        }
        try (InputStream in = Kernels.class.getResourceAsStream(Kernels.RESOURCE)) {
            Prerequisites.require(in != null, "kernels/blitz.ptx is not in this checkout (resource "
                    + Kernels.RESOURCE + ")");
            ptx = entries(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyLaunchMatchesItsKernelsParameters() {
        for (Method m : launchers()) {
            List<String> actual = new ArrayList<>();
            for (Class<?> type : m.getParameterTypes()) {
                if (type != DType.class) {
                    actual.add(ptxType(type));
                }
            }
            for (String kernel : kernelNames(m)) {
                List<String> expected = ptx.get(kernel);
                assertNotNull(expected, "Kernels." + m.getName() + " launches " + kernel + ", which blitz.ptx lacks"
                        + " (it has " + new TreeSet<>(ptx.keySet()) + ")");
                assertEquals(expected, actual, "parameters of " + kernel + " (PTX) vs Kernels." + m.getName());
            }
        }
    }

    @Test
    void everyKernelLoadedAtStartHasALauncher() {
        TreeSet<String> launched = new TreeSet<>();
        for (Method m : launchers()) {
            launched.addAll(kernelNames(m));
        }
        TreeSet<String> loaded = new TreeSet<>();
        for (Kernel k : Kernel.values()) {
            loaded.add(k.ptxName);
        }
        assertEquals(loaded, launched, "the Kernel table vs the typed launch methods of Kernels");
    }

    private static List<Method> launchers() {
        List<Method> out = new ArrayList<>();
        for (Method m : Kernels.class.getDeclaredMethods()) {
            if (!Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()) {
                out.add(m);
            }
        }
        return out;
    }

    /**
     * {@code msePartial} launches {@code mse_partial_f32}; a method whose first parameter is a DType launches
     * every kernel of its family in the Kernel table ({@code copyStrided}: copy_strided_f32, _f64, _i64, _b8).
     */
    private static List<String> kernelNames(Method m) {
        String family = m.getName().replaceAll("([A-Z])", "_$1").toLowerCase();
        Class<?>[] types = m.getParameterTypes();
        if (types.length == 0 || types[0] != DType.class) {
            return List.of(family + "_f32");
        }
        List<String> names = new ArrayList<>();
        for (Kernel k : Kernel.values()) {
            if (k.ptxName.matches(family + "_(f32|f64|i64|b8)")) {
                names.add(k.ptxName);
            }
        }
        assertFalse(names.isEmpty(), "Kernels." + m.getName() + " takes a DType but the Kernel table has no "
                + family + "_<dtype>");
        return names;
    }

    private static String ptxType(Class<?> type) {
        if (type == int.class) {
            return "u32";
        }
        if (type == float.class) {
            return "f32";
        }
        if (type == double.class) {
            return "f64";
        }
        if (type == CudaBuffer.class || type == CUdeviceptr.class) {
            return "u64";
        }
        if (type == int[].class) {
            return "b8[" + 4 * Strides.INTS + "]";
        }
        throw new AssertionError("Kernels has a launch parameter of type " + type + " that no PTX type stands for");
    }

    /** Kernel name to parameter types: u32, s32 (as u32), u64, f32, f64, or b8[bytes] for a struct by value. */
    private static Map<String, List<String>> entries(String text) {
        Map<String, List<String>> out = new HashMap<>();
        Matcher e = ENTRY.matcher(text);
        while (e.find()) {
            List<String> types = new ArrayList<>();
            Matcher p = PARAM.matcher(e.group(2));
            while (p.find()) {
                String t = p.group(1).equals("s32") ? "u32" : p.group(1);
                types.add(p.group(2) == null ? t : t + p.group(2));
            }
            out.put(e.group(1), types);
        }
        return out;
    }
}
