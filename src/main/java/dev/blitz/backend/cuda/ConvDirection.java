package dev.blitz.backend.cuda;

/** The three convolutions cuDNN chooses an algorithm for, with the names the algorithm cache file uses. */
enum ConvDirection {
    FORWARD("forward"), BACKWARD_DATA("backward-data"), BACKWARD_FILTER("backward-filter");

    final String label;

    ConvDirection(String label) {
        this.label = label;
    }

    static ConvDirection of(String label) {
        for (ConvDirection d : values()) {
            if (d.label.equals(label)) {
                return d;
            }
        }
        return null;
    }
}
