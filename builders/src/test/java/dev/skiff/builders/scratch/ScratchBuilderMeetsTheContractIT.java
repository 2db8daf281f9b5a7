package dev.skiff.builders.scratch;

import dev.skiff.spi.BuilderFactory;
import dev.skiff.testing.BuilderContractTest;
import dev.skiff.testing.BuilderHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

/**
 * The scratch builder against the builder contract, packing with the real mksquashfs. For the
 * interrupt, mksquashfs is reached through a wrapper that waits instead when the image holds a
 * file named {@code slow}: the real tool packs small trees too fast to be interrupted.
 */
class ScratchBuilderMeetsTheContractIT extends BuilderContractTest {
  @Override
  protected BuilderFactory factory() {
    return new ScratchBuilderFactory();
  }

  @Override
  protected Map<String, String> settings() throws Exception {
    Path wrapper = work.resolve("mksquashfs-or-wait");
    Files.writeString(wrapper, "#!/bin/sh\nif [ -e \"$1/slow\" ]; then echo 'packing slowly'; exec sleep 300; fi\n"
        + "exec mksquashfs \"$@\"\n");
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    return Map.of("builder.scratch.mksquashfs", wrapper.toString());
  }

  @Override
  protected String writeRecipe(BuilderHarness harness) throws Exception {
    harness.write("tools/hello.txt", "hello\n");
    harness.write("tools/Singularity", "Bootstrap: scratch\n%files\n  hello.txt /hello.txt\n%labels\n  Maintainer lab\n");
    return "tools/Singularity";
  }

  @Override
  protected Optional<SlowBuild> writeSlowRecipe(BuilderHarness harness) throws Exception {
    harness.write("slow/slow", "");
    harness.write("slow/Singularity", "Bootstrap: scratch\n%files\n  slow /slow\n");
    return Optional.of(SlowBuild.logging(harness, "slow/Singularity", "packing slowly"));
  }
}
