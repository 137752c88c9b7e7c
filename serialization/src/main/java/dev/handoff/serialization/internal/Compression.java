package dev.handoff.serialization.internal;

import dev.handoff.serialization.SerializationException;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * LZ4 block compression in pure Java, no JNI. Decompression, which reads bytes from Redis, uses
 * the safe implementation (no Unsafe), so forged bytes can only end in an exception; compression,
 * which reads our own values, uses the faster Unsafe-based Java one.
 */
public final class Compression {

  private static final LZ4Compressor COMPRESSOR = LZ4Factory.fastestJavaInstance().fastCompressor();
  private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4Factory.safeInstance().safeDecompressor();

  private Compression() {
  }

  /** LZ4 block of {@code payload}. */
  public static byte[] compress(byte[] payload) {
    return COMPRESSOR.compress(payload);
  }

  /**
   * Decompresses the LZ4 block that follows a 4-byte big-endian decoded length at {@code offset},
   * refusing lengths above {@code maxAttributeBytes} before allocating anything.
   */
  public static byte[] decompress(byte[] bytes, int offset, int maxAttributeBytes) {
    if (bytes.length < offset + 4) {
      throw new SerializationException("truncated value: compressed, but no decoded length follows the header");
    }
    int length = ((bytes[offset] & 0xFF) << 24) | ((bytes[offset + 1] & 0xFF) << 16)
        | ((bytes[offset + 2] & 0xFF) << 8) | (bytes[offset + 3] & 0xFF);
    if (length < 0 || length > maxAttributeBytes) {
      throw new SerializationException("compressed value claims " + Integer.toUnsignedString(length)
          + " decoded bytes, above maxAttributeBytes = " + maxAttributeBytes);
    }
    // An LZ4 block expands at most about 255 times: a larger claim is forged, refuse it before allocating.
    long compressedLength = bytes.length - offset - 4L;
    if (length > compressedLength * 255 + 16) {
      throw new SerializationException("corrupt LZ4 payload: " + compressedLength + " compressed bytes cannot hold "
          + length + " decoded bytes");
    }
    byte[] out = new byte[length];
    int written;
    try {
      written = DECOMPRESSOR.decompress(bytes, offset + 4, bytes.length - offset - 4, out, 0, length);
    } catch (LZ4Exception e) {
      throw new SerializationException("corrupt LZ4 payload: " + e.getMessage(), e);
    }
    if (written != length) {
      throw new SerializationException("corrupt LZ4 payload: " + written + " bytes decoded, header says " + length);
    }
    return out;
  }
}
