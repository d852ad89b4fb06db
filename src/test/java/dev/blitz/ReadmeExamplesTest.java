package dev.blitz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every ```java block of README.md compiles against the library as a user would write it: its top-level
 * {@code class} declarations become nested classes, the rest the body of a method, and each Blitz class it names
 * is imported by its simple name (single-type imports, as a user's IDE writes them: {@code dev.blitz.nn.*} would
 * clash with {@code java.lang.Module}).
 */
class ReadmeExamplesTest {
    private static final Pattern BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern WORD = Pattern.compile("\\b[A-Z]\\w*\\b");

    @TempDir
    Path dir;

    @Test
    void everyJavaBlockOfTheReadmeCompiles() throws IOException {
        List<String> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertFalse(blocks.isEmpty(), "README.md has no ```java block");
        Map<String, String> blitzClasses = blitzClasses(Path.of("target", "classes"));
        List<String> files = new ArrayList<>();
        for (int i = 0; i < blocks.size(); i++) {
            Path file = dir.resolve("ReadmeExample" + i + ".java");
            Files.writeString(file, source("ReadmeExample" + i, blocks.get(i), blitzClasses));
            files.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("-d", dir.toString(), "-cp", "target/classes"));
        args.addAll(files);
        int status = javac.run(null, errors, errors, args.toArray(String[]::new));
        assertEquals(0, status, "a README example does not compile:\n" + errors);
    }

    private static String source(String name, String block, Map<String, String> blitzClasses) {
        StringBuilder types = new StringBuilder();
        StringBuilder body = new StringBuilder();
        boolean inType = false;
        for (String line : block.split("\n", -1)) {
            if (line.startsWith("class ")) {
                inType = true;
                line = "static " + line;
            }
            (inType ? types : body).append(line).append('\n');
            if (inType && line.equals("}")) {
                inType = false;
            }
        }
        TreeSet<String> imports = new TreeSet<>();
        Matcher words = WORD.matcher(block);
        while (words.find()) {
            String fqcn = blitzClasses.get(words.group());
            if (fqcn != null) {
                imports.add("import " + fqcn + ";\n");
            }
        }
        return String.join("", imports) + "import java.nio.file.Path;\nimport java.util.List;\n\nclass " + name
                + " {\n" + types + "\nstatic void example() throws Exception {\n" + body + "}\n}\n";
    }

    /** Simple name to qualified name of every public class users import (not the backends'); a clash fails. */
    private static Map<String, String> blitzClasses(Path classes) throws IOException {
        Map<String, String> byName = new TreeMap<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.toString().contains("$")).toList()) {
                String fqcn = classes.relativize(p).toString().replace(".class", "").replace('/', '.');
                if (fqcn.startsWith("dev.blitz.backend.")) {
                    continue;
                }
                String before = byName.put(fqcn.substring(fqcn.lastIndexOf('.') + 1), fqcn);
                if (before != null) {
                    fail("two library classes share a simple name: " + before + " and " + fqcn);
                }
            }
        }
        return byName;
    }
}
