package dev.blitz.tensor.optable;

import java.util.ArrayList;
import java.util.List;

/** Every row of the op table, family by family; each family lives in its own file. */
public final class OpTable {
    private OpTable() {
    }

    /** {@return every op's row} */
    public static List<OpInfo> all() {
        List<OpInfo> rows = new ArrayList<>();
        rows.addAll(ShapeOps.rows());
        rows.addAll(ElementwiseOps.rows());
        rows.addAll(LinalgOps.rows());
        rows.addAll(JoinIndexOps.rows());
        rows.addAll(ReductionOps.rows());
        rows.addAll(NnOps.rows());
        return rows;
    }
}
