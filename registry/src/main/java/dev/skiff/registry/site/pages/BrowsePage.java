package dev.skiff.registry.site.pages;

import java.util.List;

/**
 * One page of the list of every namespace, {@code _skiff/browse/<number>.html}: the site without
 * JavaScript.
 *
 * @param number this page's number, from 1
 * @param pages how many there are
 */
public record BrowsePage(String root, int number, int pages, List<CatalogEntry> entries) {
  public String file(int page) {
    return page + ".html";
  }
}
