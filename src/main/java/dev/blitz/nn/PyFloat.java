package dev.blitz.nn;

import java.math.BigDecimal;

/** Python's {@code repr(float)}, as PyTorch's {@code extra_repr}s print hyper-parameters: {@code 1e-05}, {@code 0.1}. */
final class PyFloat {
    private PyFloat() {
    }

    /**
     * {@code repr(v)}: the shortest digits that read back as {@code v}, in fixed notation with at least one
     * decimal, or in scientific notation ({@code 1e-05}, {@code 1.5e+16}) when the decimal point lies more than
     * four places before the first digit or sixteen after it, as CPython decides.
     */
    static String repr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String sign = (v < 0 || (v == 0 && 1 / v < 0)) ? "-" : "";
        if (v == 0) {
            return sign + "0.0";
        }
        BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        String digits = d.unscaledValue().toString();
        // v = 0.DIGITS * 10^point
        int point = digits.length() - d.scale();
        if (point < -3 || point > 16) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            int exp = point - 1;
            return sign + mantissa + "e" + (exp < 0 ? "-" : "+") + String.format("%02d", Math.abs(exp));
        }
        if (point <= 0) {
            return sign + "0." + "0".repeat(-point) + digits;
        }
        if (point < digits.length()) {
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        return sign + digits + "0".repeat(point - digits.length()) + ".0";
    }
}
