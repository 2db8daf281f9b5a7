package dev.skiff.registry.site;

import dev.skiff.registry.site.pages.BrowsePage;
import dev.skiff.registry.site.pages.HistoryPage;
import dev.skiff.registry.site.pages.HomePage;
import dev.skiff.registry.site.pages.NamespacePage;
import dev.skiff.registry.site.pages.OwnerPage;
import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.nio.charset.StandardCharsets;

/** The pages for people, rendered by jte from the templates in src/main/jte, which escapes by context. */
final class Pages {
  private static final TemplateEngine ENGINE = TemplateEngine.createPrecompiled(ContentType.Html);

  private Pages() {}

  static byte[] home(HomePage page) {
    return render("home.jte", page);
  }

  static byte[] namespace(NamespacePage page) {
    return render("namespace.jte", page);
  }

  static byte[] browse(BrowsePage page) {
    return render("browse.jte", page);
  }

  static byte[] history(HistoryPage page) {
    return render("history.jte", page);
  }

  static byte[] owner(OwnerPage page) {
    return render("owner.jte", page);
  }

  private static byte[] render(String template, Object page) {
    StringOutput output = new StringOutput();
    ENGINE.render(template, page, output);
    return output.toString().getBytes(StandardCharsets.UTF_8);
  }
}
