package dev.blitz.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Opens a file for a reader so that a failure names the file and says what is wrong. The JDK alone says a bare
 * "Is a directory" on the first read of a folder, gives only the path for a missing or unreadable file, and blocks
 * forever on a named pipe.
 */
public final class ReadableFile {
    private ReadableFile() {
    }

    /**
     * Opens a regular file for reading.
     *
     * @param file the file
     * @param what what the file should be, for messages, e.g. {@code "a safetensors file"}
     * @return a channel positioned at the start; its {@code size()} is the file's length
     * @throws IOException {@code "<file>: is a directory, not <what>"}, {@code "<file>: does not exist"},
     *     {@code "<file>: cannot be read (permission denied)"}, or another reason, always naming the file
     */
    public static FileChannel open(Path file, String what) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file + ": is a directory, not " + what);
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            throw new IOException(file + ": is not a regular file (a device or pipe?), not " + what);
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": does not exist", e);
        } catch (AccessDeniedException e) {
            throw new IOException(file + ": cannot be read (permission denied)", e);
        } catch (FileSystemException e) {
            throw new IOException(file + ": cannot be read (" + e.getReason() + ")", e);
        }
    }

    /**
     * Fills {@code dst} from {@code channel} starting at byte {@code position}.
     *
     * @param channel the open file
     * @param position where to start reading
     * @param dst filled to its limit unless the file ends first
     * @return true if {@code dst} was filled, false if the file ended first (it was truncated)
     * @throws IOException if reading fails
     */
    public static boolean readFully(FileChannel channel, long position, ByteBuffer dst) throws IOException {
        while (dst.hasRemaining()) {
            int n = channel.read(dst, position);
            if (n < 0) {
                return false;
            }
            position += n;
        }
        return true;
    }
}
