package dev.skiff.registry.site;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Jekyll layouts that render the registry the way the registry-org theme does, for the benchmark's
 * comparison: pages served at {@code /:path/}, and every tag list and collection page finding its
 * tags by scanning every page of the site (reference/REGISTRY-FORMAT.md, defects 4, 5 and 10).
 * Written for this benchmark from that description; no theme code.
 */
final class JekyllLayouts {
  private JekyllLayouts() {}

  static void write(Path site) throws IOException {
    put(site, "_config.yml", "permalink: /:path/\nexclude: [\".github\", \".circleci\", \".skiff\"]\n");
    put(site, "_layouts/manifests/singularity.html", "{\"schemaVersion\": 2, \"mediaType\": "
        + "\"application/vnd.singularity.distribution.manifest.v2+json\", \"config\": {\"size\": {{ page.size }}, "
        + "\"digest\": \"{{ page.digest }}\"}, \"layers\": [{% for layer in page.layers %}{\"size\": {{ layer.size }}, "
        + "\"digest\": \"{{ layer.digest }}\", \"urls\": [\"{{ layer.url }}\"]}{% endfor %}]}\n");
    String scan = "{% assign ns = page.dir | remove_first: '/' | split: '/tags' | first | split: '/' %}"
        + "{% assign prefix = ns[0] | append: '/' | append: ns[1] | append: '/manifests/' %}"
        + "{% for p in site.pages %}{% if p.layout == 'manifests/singularity' and p.path contains prefix %}"
        + "{% assign t = p.path | split: '/' %}\"{{ t[3] }}\",{% endif %}{% endfor %}";
    put(site, "_layouts/tags.html", "{\"name\": \"{{ page.dir }}\", \"tags\": [" + scan + "]}\n");
    put(site, "_layouts/collection.html", "<html><body><h1>{{ page.dir }}</h1><p>{{ page.description }}</p><ul>"
        + scan.replace("\"{{ t[3] }}\",", "<li>{{ t[3] }}</li>") + "</ul></body></html>\n");
  }

  private static void put(Path site, String path, String content) throws IOException {
    Path file = site.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
