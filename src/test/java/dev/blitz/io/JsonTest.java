package dev.blitz.io;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JsonTest {
    @Test
    void parsesTheValuesAHeaderUses() {
        assertEquals(Map.of("w", Map.of("shape", List.of(2L, 3L), "x", 1.5, "ok", true), "s", "a\u00e9\"b"),
                Json.parse(" {\"w\": {\"shape\": [2, 3], \"x\": 1.5, \"ok\": true}, \"s\": \"a\\u00e9\\\"b\"} "));
    }

    @Test
    void nestingIsLimitedSoNoInputOverflowsTheStack() {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep));
        assertEquals("nesting deeper than 64 levels at offset 64", e.getMessage());
        String atTheLimit = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertTrue(Json.parse(atTheLimit) instanceof List<?>);
    }

    @Test
    void unicodeEscapesTakeExactlyFourHexDigits() {
        assertEquals("bad \\u escape at offset 3", assertThrows(IllegalArgumentException.class,
                () -> Json.parse("\"\\u+12a\"")).getMessage());
        assertEquals("short \\u escape at offset 3", assertThrows(IllegalArgumentException.class,
                () -> Json.parse("\"\\u12")).getMessage());
    }

    @Test
    void errorsGiveTheOffset() {
        assertEquals("duplicate key \"a\" at offset 12", assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{\"a\":1,\"a\":2}")).getMessage());
        assertEquals("number out of range: 99999999999999999999 at offset 20", assertThrows(
                IllegalArgumentException.class, () -> Json.parse("99999999999999999999")).getMessage());
        assertEquals("unexpected text after the JSON value at offset 3", assertThrows(IllegalArgumentException.class,
                () -> Json.parse("{} x")).getMessage());
    }
}
