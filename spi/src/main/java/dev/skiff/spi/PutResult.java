package dev.skiff.spi;

/**
 * @param blob the blob as stored
 * @param uploaded false when the blob was already there and nothing was sent
 */
public record PutResult(StoredBlob blob, boolean uploaded) {}
