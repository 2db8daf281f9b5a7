package dev.skiff.builders.singularity;

import dev.skiff.spi.SkiffException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** How {@code build} gets the privileges it needs. */
enum BuildMode {
  /** {@code build --fakeroot}: user namespaces, no root needed. */
  FAKEROOT,
  /** {@code sudo -E ... build}: for machines where the CI user may use sudo. */
  SUDO,
  /** {@code build} as is: when already root, or for recipes that need nothing. */
  PLAIN;

  static BuildMode parse(String text, String origin) throws SkiffException {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new SkiffException("setting '" + SingularityBuilderFactory.MODE + "' (from " + origin + "): '" + text
          + "' is not a mode; use one of: " + Arrays.stream(values()).map(m -> m.name().toLowerCase(Locale.ROOT))
              .collect(Collectors.joining(", ")));
    }
  }

  /** The command line for building {@code image} from {@code recipe}. */
  List<String> command(String executable, List<String> extraArgs, String image, String recipe) {
    List<String> command = new ArrayList<>();
    if (this == SUDO) {
      command.addAll(List.of("sudo", "-E"));
    }
    command.addAll(List.of(executable, "build"));
    if (this == FAKEROOT) {
      command.add("--fakeroot");
    }
    command.addAll(extraArgs);
    command.add(image);
    command.add(recipe);
    return command;
  }
}
