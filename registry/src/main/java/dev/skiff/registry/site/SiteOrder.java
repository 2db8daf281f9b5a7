package dev.skiff.registry.site;

import dev.skiff.model.Namespace;
import dev.skiff.model.Tag;
import java.util.Comparator;

/** The one order of the site's lists, so that the same registry always gives the same bytes. */
final class SiteOrder {
  static final Comparator<Namespace> NAMESPACES = Comparator.comparing(Namespace::toString);
  static final Comparator<Tag> TAGS = Comparator.comparing(Tag::value);

  private SiteOrder() {}
}
