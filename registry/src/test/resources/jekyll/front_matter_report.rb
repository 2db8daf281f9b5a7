# Writes what Jekyll read from every page, before rendering: the front matter with each value's
# Ruby type, and the body. A test plugin: the site under test is built with Jekyll itself, and
# this only reports what it read.
require "json"

module SkiffFrontMatterReport
  def self.typed(value)
    case value
    when Hash then { "map" => value.map { |key, item| [typed(key), typed(item)] } }
    when Array then { "seq" => value.map { |item| typed(item) } }
    when String then { "str" => value }
    when Integer then { "int" => value.to_s }
    when Float then { "float" => value.to_s }
    when true, false then { "bool" => value }
    when nil then { "null" => true }
    else { value.class.name.downcase => value.to_s }
    end
  end
end

Jekyll::Hooks.register :site, :post_read do |site|
  pages = site.pages.to_h do |page|
    [page.relative_path, { "data" => SkiffFrontMatterReport.typed(page.data), "body" => page.content }]
  end
  File.write(File.join(site.source, "..", "jekyll-read.json"), JSON.generate({ "pages" => pages }))
end
