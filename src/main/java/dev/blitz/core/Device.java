package dev.blitz.core;

/**
 * Where a tensor's memory lives: the CPU, or one CUDA device, as {@code torch.device}.
 *
 * @param type the kind of device
 * @param index the device number among those of its type (0 for the CPU)
 */
public record Device(Type type, int index) {
    /** The kinds of device a tensor can live on. */
    public enum Type {
        /** Host memory, computed on by the CPU backend. */
        CPU,
        /** An NVIDIA GPU's memory, computed on by the CUDA backend. */
        CUDA
    }

    /** The CPU, PyTorch's {@code torch.device("cpu")}. */
    public static final Device CPU = new Device(Type.CPU, 0);

    /**
     * Checks the index; {@link #CPU} and {@link #cuda(int)} are the usual way to get a device.
     *
     * @param type the kind of device
     * @param index the device number, {@code >= 0}
     * @throws IllegalArgumentException if {@code index} is negative, or not 0 for the CPU
     */
    public Device {
        if (index < 0 || (type == Type.CPU && index != 0)) {
            throw new IllegalArgumentException("device index must be >= 0 (and 0 for the CPU), got " + type + " "
                    + index);
        }
    }

    /**
     * CUDA device {@code index}, PyTorch's {@code torch.device("cuda", index)}. Whether it can be used here is
     * only found out when a tensor is put on it (or by {@code Blitz.isAvailable}).
     *
     * @param index the GPU's number, from 0
     * @return the device
     * @throws IllegalArgumentException if {@code index} is negative
     */
    public static Device cuda(int index) {
        return new Device(Type.CUDA, index);
    }

    /** {@return the first CUDA device, {@code cuda:0}} */
    public static Device cuda() {
        return cuda(0);
    }

    /** {@return whether this is a CUDA device} */
    public boolean isCuda() {
        return type == Type.CUDA;
    }

    /** PyTorch's spelling: {@code cpu}, {@code cuda:0}. */
    @Override
    public String toString() {
        return type == Type.CPU ? "cpu" : "cuda:" + index;
    }
}
