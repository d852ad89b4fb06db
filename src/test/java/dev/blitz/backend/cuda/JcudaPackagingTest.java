package dev.blitz.backend.cuda;

import jcuda.JCudaVersion;
import jcuda.LibUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the pom promises, checked on any machine (no GPU, no driver): the JCuda classes resolve, the JNI
 * libraries for this platform are on the class path, and the jcudnn 11.7.0 Java jar is paired with the 12.6.0
 * natives in a way that works: every JCuda/JCudnn/JCublas function this backend calls has its JNI entry point
 * in the native library that will be loaded.
 */
class JcudaPackagingTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/blitz/backend/cuda");

    @ParameterizedTest
    @CsvSource({
        "jcuda.driver.JCudaDriver", "jcuda.runtime.JCuda", "jcuda.jcublas.JCublas2", "jcuda.jcudnn.JCudnn",
        "jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf", "dev.blitz.backend.cuda.CudaBackend",
    })
    void classesResolveWithoutLoadingNatives(String name) throws ClassNotFoundException {
        assertNotNull(Class.forName(name, false, getClass().getClassLoader()));
    }

    @ParameterizedTest
    @CsvSource({"JCudaDriver", "JCudaRuntime", "JCublas2", "JCudnn"})
    void nativeLibraryForThisPlatformIsOnTheClassPath(String library) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(resource(library))) {
            assertNotNull(in, resource(library) + " is missing: check the -natives dependencies and their classifier"
                    + " (jcuda.natives.classifier) in pom.xml");
        }
    }

    /** JCudnn names its native after the JCuda version on the class path, so the 11.7.0 jar loads 12.6.0 natives. */
    @Test
    void jcudnnJavaJarIsPairedWithTheJcudaVersionOfItsNatives() throws IOException {
        assertEquals("12.6.0", JCudaVersion.get());
        Properties jcudnn = new Properties();
        try (InputStream in = getClass().getResourceAsStream("/META-INF/maven/org.jcuda/jcudnn/pom.properties")) {
            assertNotNull(in, "the jcudnn jar is not on the class path");
            jcudnn.load(in);
        }
        assertEquals("11.7.0", jcudnn.getProperty("version"));
        assertEquals("/lib/libJCudnn-12.6.0-linux-x86_64.so".replace("linux-x86_64", platform()), resource("JCudnn"));
    }

    @ParameterizedTest
    @CsvSource({
        "JCudnn, jcuda.jcudnn.JCudnn",
        "JCublas2, jcuda.jcublas.JCublas2",
        "JCudaDriver, jcuda.driver.JCudaDriver",
        "JCudaRuntime, jcuda.runtime.JCuda",
    })
    void everyFunctionTheBackendCallsHasItsEntryPointInTheNativeLibrary(String library, String javaClass)
            throws IOException {
        List<String> used = functionsCalled(javaClass.substring(javaClass.lastIndexOf('.') + 1));
        assertFalse(used.isEmpty(), "found no call to " + javaClass + " in " + SOURCES);
        byte[] binary;
        try (InputStream in = getClass().getResourceAsStream(resource(library))) {
            assertNotNull(in, resource(library));
            binary = in.readAllBytes();
        }
        String symbols = new String(binary, StandardCharsets.ISO_8859_1);
        List<String> missing = new ArrayList<>();
        for (String function : used) {
            String symbol = "Java_" + javaClass.replace('.', '_') + "_" + (function + "Native").replace("_", "_1");
            if (!symbols.contains(symbol + "\0") && !symbols.contains(symbol + "__")) {
                missing.add(function + " (" + symbol + ")");
            }
        }
        assertTrue(missing.isEmpty(), resource(library) + " lacks the JNI entry points of " + missing);
    }

    /**
     * The check above sees what the sources call; this pins the calls convolution and pooling descriptors need
     * (dilation and groups included), so a change the scan misses cannot drop them from that check unnoticed.
     */
    @ParameterizedTest
    @CsvSource({
        "cudnnSetConvolution2dDescriptor", "cudnnSetConvolutionGroupCount", "cudnnSetConvolutionMathType",
        "cudnnSetFilter4dDescriptor", "cudnnSetPooling2dDescriptor",
    })
    void theScanSeesTheDescriptorCallsOfConvolutionAndPooling(String function) throws IOException {
        assertTrue(functionsCalled("JCudnn").contains(function), function + " is not called as JCudnn." + function
                + "( in " + SOURCES);
    }

    private static List<String> functionsCalled(String simpleClassName) throws IOException {
        Pattern call = Pattern.compile("\\b" + simpleClassName + "\\.(cu\\w+)\\(");
        TreeSet<String> found = new TreeSet<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                Matcher m = call.matcher(Files.readString(f));
                while (m.find()) {
                    found.add(m.group(1));
                }
            }
        }
        return new ArrayList<>(found);
    }

    private static String resource(String library) {
        return "/lib/" + LibUtils.createLibraryFileName(LibUtils.createPlatformLibraryName(library + "-"
                + JCudaVersion.get()));
    }

    private static String platform() {
        String name = LibUtils.createPlatformLibraryName("x");
        return name.substring(2);
    }
}
