package dev.skiff.sif;

import java.nio.charset.StandardCharsets;

/** Offsets and sizes of the SIF v2 format, shared by the reader and the writer. */
final class SifLayout {
  static final int HEADER_SIZE = 128;
  static final int DESCRIPTOR_SIZE = 585;
  static final int DEFAULT_DESCRIPTORS = 48;
  static final long DESCRIPTORS_OFFSET = 4096;
  static final long PARTITION_ALIGNMENT = 4096;
  static final int MIN_FILE_SIZE = 2048;
  static final String LAUNCH_SCRIPT = "#!/usr/bin/env run-singularity\n";
  static final byte[] MAGIC = "SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII);
  static final byte[] VERSION = "01\0".getBytes(StandardCharsets.US_ASCII);
  static final int GROUP_MASK = 0xF0000000;
  static final int NAME_SIZE = 128;
  static final int EXTRA_SIZE = 384;

  // Header field offsets.
  static final int H_MAGIC = 32;
  static final int H_VERSION = 42;
  static final int H_ARCH = 45;
  static final int H_UUID = 48;
  static final int H_CREATED = 64;
  static final int H_MODIFIED = 72;
  static final int H_DESCR_FREE = 80;
  static final int H_DESCR_TOTAL = 88;
  static final int H_DESCR_OFFSET = 96;
  static final int H_DESCR_SIZE = 104;
  static final int H_DATA_OFFSET = 112;
  static final int H_DATA_SIZE = 120;

  // Descriptor field offsets.
  static final int D_TYPE = 0;
  static final int D_USED = 4;
  static final int D_ID = 5;
  static final int D_GROUP = 9;
  static final int D_LINK = 13;
  static final int D_OFFSET = 17;
  static final int D_SIZE = 25;
  static final int D_SIZE_WITH_PADDING = 33;
  static final int D_CREATED = 41;
  static final int D_MODIFIED = 49;
  static final int D_UID = 57;
  static final int D_GID = 65;
  static final int D_NAME = 73;
  static final int D_EXTRA = 201;

  static final byte[] SQUASHFS_MAGIC = {'h', 's', 'q', 's'};
  static final int SQUASHFS_COMPRESSION_OFFSET = 20;

  private SifLayout() {}
}
