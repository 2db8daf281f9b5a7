package dev.skiff.sif;

import dev.skiff.spi.SkiffException;
import dev.skiff.support.InertText;
import java.nio.file.Path;

/** A file that is not a valid SIF image; the message names the file and the defect. */
public final class SifFormatException extends SkiffException {
  private static final long serialVersionUID = 1L;

  /** @param defect what is wrong; bytes of the file it quotes are shown inert, on one line */
  public SifFormatException(Path file, String defect) {
    super(file + ": not a valid SIF image: " + InertText.of(defect));
  }
}
