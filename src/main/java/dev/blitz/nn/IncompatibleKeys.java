package dev.blitz.nn;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link Module#loadStateDict(java.util.Map, boolean)} did not match, as PyTorch's {@code _IncompatibleKeys}
 * named tuple returned by {@code load_state_dict}.
 *
 * @param missingKeys the module's keys the state dict lacks (left as they were), in the module's order
 * @param unexpectedKeys the state dict's keys the module lacks (ignored), in the state dict's order
 */
public record IncompatibleKeys(List<String> missingKeys, List<String> unexpectedKeys) {
    /**
     * Copies both lists.
     *
     * @param missingKeys the module's keys the state dict lacks
     * @param unexpectedKeys the state dict's keys the module lacks
     */
    public IncompatibleKeys {
        missingKeys = List.copyOf(missingKeys);
        unexpectedKeys = List.copyOf(unexpectedKeys);
    }

    /**
     * PyTorch's form: {@code <All keys matched successfully>}, or
     * {@code _IncompatibleKeys(missing_keys=['fc.weight'], unexpected_keys=[])}.
     */
    @Override
    public String toString() {
        if (missingKeys.isEmpty() && unexpectedKeys.isEmpty()) {
            return "<All keys matched successfully>";
        }
        return "_IncompatibleKeys(missing_keys=" + pyList(missingKeys) + ", unexpected_keys=" + pyList(unexpectedKeys)
                + ")";
    }

    private static String pyList(List<String> keys) {
        return keys.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", ", "[", "]"));
    }
}
