package io.logpipe.common.resp;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import io.logpipe.common.Decimal;

/**
 * One command in RESP, built in a reusable array: {@code *<n>\r\n} then {@code $<len>\r\n<bytes>\r\n} per argument.
 * The arguments are counted as they are added and the count is written in front of them when the command is
 * written out, so a batch's elements can be added one by one as they are made, each straight into the command
 * ({@link #arg(InPlace)}). Not thread-safe.
 */
public final class RespCommand {
    /** Room left before the first argument for {@code *<count>\r\n}. */
    private static final int COUNT_ROOM = 1 + Decimal.MAX_LENGTH + 2;
    private byte[] bytes = new byte[64 * 1024];
    /** Where the command starts once {@link #finish() finished}: its {@code *}. */
    private int head;
    private int size;
    private int args;
    /** Digits of the last in-place argument's length: the guess for the next one. */
    private int inPlaceDigits = 3;

    /**
     * An argument that writes its own bytes into the command's array: no copy of it is made first. Its length is
     * known only once it is written.
     */
    public interface InPlace {
        /**
         * Writes the argument's bytes from {@code from} on, growing the array when they do not fit: then into a
         * larger copy of {@code target}, which {@link #array()} returns.
         *
         * @return the end of the bytes written
         */
        int writeAt(byte[] target, int from);

        /** The array the last {@link #writeAt} wrote into: {@code target}, or its larger copy. */
        byte[] array();
    }

    /** Starts a command of {@code name} (forgetting the previous one); its arguments follow. */
    public RespCommand start(String name) {
        size = COUNT_ROOM;
        args = 0;
        return arg(name.getBytes(StandardCharsets.US_ASCII));
    }

    public RespCommand arg(String arg) {
        return arg(arg.getBytes(StandardCharsets.UTF_8));
    }

    public RespCommand arg(byte[] arg) {
        return arg(arg, arg.length);
    }

    /** An argument made of the first {@code length} bytes of {@code arg}. */
    public RespCommand arg(byte[] arg, int length) {
        ensure(Decimal.MAX_LENGTH + length + 5);
        bytes[size++] = '$';
        size = Decimal.write(length, bytes, size);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
        System.arraycopy(arg, 0, bytes, size, length);
        size += length;
        bytes[size++] = '\r';
        bytes[size++] = '\n';
        args++;
        return this;
    }

    public RespCommand args(List<byte[]> args) {
        for (byte[] arg : args) {
            arg(arg);
        }
        return this;
    }

    /**
     * The next argument, written by {@code content} straight into this command. The length header gets as many
     * digits as the previous in-place argument's length had, and in the rare case the count differs the bytes are
     * moved to fit.
     *
     * @return the argument's length
     */
    public int arg(InPlace content) {
        int digits = inPlaceDigits;
        ensure(digits + 3);
        int header = size;
        int from = header + digits + 3;
        int end = content.writeAt(bytes, from);
        bytes = content.array();
        int length = end - from;
        int actual = Decimal.digits(length);
        if (actual != digits) {
            size = end;
            ensure(actual - digits);
            System.arraycopy(bytes, from, bytes, from + actual - digits, length);
            from += actual - digits;
            inPlaceDigits = actual;
        }
        bytes[header] = '$';
        Decimal.write(length, bytes, header + 1);
        bytes[from - 2] = '\r';
        bytes[from - 1] = '\n';
        size = from + length;
        ensure(2);
        bytes[size++] = '\r';
        bytes[size++] = '\n';
        args++;
        return length;
    }

    /** Bytes the command's array can hold (a command grown for huge arguments is not worth keeping). */
    public int capacity() {
        return bytes.length;
    }

    /** Writes the argument count in front of the arguments. */
    private void finish() {
        int digits = Decimal.digits(args);
        head = COUNT_ROOM - digits - 3;
        bytes[head] = '*';
        Decimal.write(args, bytes, head + 1);
        bytes[COUNT_ROOM - 2] = '\r';
        bytes[COUNT_ROOM - 1] = '\n';
    }

    /** The whole command, as {@link RespConnection#write} sends it. */
    ByteBuffer toBuffer() {
        finish();
        return ByteBuffer.wrap(bytes, head, size - head);
    }

    /** The whole command (tests). */
    public byte[] toByteArray() {
        finish();
        return Arrays.copyOfRange(bytes, head, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
