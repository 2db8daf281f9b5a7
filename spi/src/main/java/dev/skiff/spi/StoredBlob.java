package dev.skiff.spi;

/**
 * A blob as the storage reports it.
 *
 * @param key its content address
 * @param size its size in bytes, as stored
 */
public record StoredBlob(BlobKey key, long size) {}
