// SPDX-License-Identifier: MIT
// The report document as HTML (one page, nothing fetched: styles inline, figures as inline SVG, no script) and as
// Markdown (figures as links to SVG files beside it).
#include <algorithm>
#include <sstream>

#include "report/report_document.hpp"
#include "report/svg_chart.hpp"

namespace mcsens::report {
namespace {

using svg::escaped;

const char* const kStyle = R"(
body { font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; color: #222; margin: 0; background: #fff; }
main { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.5rem 4rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin: 0.5rem 0 0.2rem; }
h2 { font-size: 1.35rem; border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
.subtitle { color: #555; margin-top: 0; }
nav ol { columns: 2; padding-left: 1.4rem; }
table { border-collapse: collapse; margin: 0.8rem 0; font-size: 0.92rem; }
th, td { border-bottom: 1px solid #ddd; padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; font-size: 0.85rem; }
figure { margin: 1rem 0; }
figure svg { width: 100%; max-width: 40rem; height: auto; display: block; }
figcaption { font-size: 0.9rem; color: #444; max-width: 40rem; }
@media print { nav { display: none; } h2, h3 { break-after: avoid; } figure, table { break-inside: avoid; } }
)";

void html_table(std::ostringstream& out, const Table& t) {
  const auto cls = [&](std::size_t c) { return c < t.numeric.size() && t.numeric[c] ? " class=\"n\"" : ""; };
  out << "<table>\n";
  // A table of fields and values (the provenance) has no header of its own.
  if (std::any_of(t.header.begin(), t.header.end(), [](const std::string& h) { return !h.empty(); })) {
    out << "<thead><tr>";
    for (std::size_t c = 0; c < t.header.size(); ++c) out << "<th" << cls(c) << ">" << escaped(t.header[c]) << "</th>";
    out << "</tr></thead>\n";
  }
  out << "<tbody>\n";
  for (const auto& row : t.rows) {
    out << "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) out << "<td" << cls(c) << ">" << escaped(row[c]) << "</td>";
    out << "</tr>\n";
  }
  out << "</tbody>\n</table>\n";
}

// Markdown special characters escaped, so a name like a_b or a claim's `x * y` reads as written.
std::string md_escaped(const std::string& text, bool in_table = false) {
  std::string out;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      out += ' ';
      continue;
    }
    if (std::string("\\`*_[]<>#").find(c) != std::string::npos || (in_table && c == '|')) out += '\\';
    out += c;
  }
  return out;
}

void md_table(std::ostringstream& out, const Table& t) {
  out << "|";
  for (const auto& h : t.header) out << " " << md_escaped(h, true) << " |";
  out << "\n|";
  for (std::size_t c = 0; c < t.header.size(); ++c)
    out << (c < t.numeric.size() && t.numeric[c] ? " ---: |" : " --- |");
  out << "\n";
  for (const auto& row : t.rows) {
    out << "|";
    for (const auto& cell : row) out << " " << md_escaped(cell, true) << " |";
    out << "\n";
  }
  out << "\n";
}

}  // namespace

std::string render_html(const Document& d) {
  std::ostringstream out;
  out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      << "<meta name=\"generator\" content=\"mcsens report\">\n"
      << "<title>" << escaped(d.title) << "</title>\n<style>" << kStyle << "</style>\n</head>\n<body>\n<main>\n"
      << "<h1>" << escaped(d.title) << "</h1>\n<p class=\"subtitle\">" << escaped(d.subtitle) << "</p>\n";
  out << "<nav><ol>\n";
  for (const auto& s : d.sections) {
    if (s.level == 2) out << "<li><a href=\"#" << s.id << "\">" << escaped(s.heading) << "</a></li>\n";
  }
  out << "</ol></nav>\n";
  int figures = 0;
  for (const auto& s : d.sections) {
    out << "<section id=\"" << s.id << "\">\n<h" << s.level << ">" << escaped(s.heading) << "</h" << s.level << ">\n";
    for (const auto& b : s.blocks) {
      switch (b.kind) {
        case Block::Kind::paragraph:
          out << "<p>" << escaped(b.text) << "</p>\n";
          break;
        case Block::Kind::code:
          out << "<pre><code>" << escaped(b.text) << "</code></pre>\n";
          break;
        case Block::Kind::list:
          out << "<ul>\n";
          for (const auto& item : b.items) out << "<li>" << escaped(item) << "</li>\n";
          out << "</ul>\n";
          break;
        case Block::Kind::table:
          html_table(out, b.table);
          break;
        case Block::Kind::figure:
          out << "<figure id=\"figure-" << escaped(b.figure.name) << "\">\n"
              << b.figure.svg << "\n<figcaption>Figure " << ++figures << ". " << escaped(b.figure.caption)
              << "</figcaption>\n</figure>\n";
          break;
      }
    }
    out << "</section>\n";
  }
  out << "</main>\n</body>\n</html>\n";
  return out.str();
}

std::string render_markdown(const Document& d, const std::string& figure_folder) {
  std::ostringstream out;
  out << "# " << md_escaped(d.title) << "\n\n_" << md_escaped(d.subtitle) << "_\n\n";
  int figures = 0;
  for (const auto& s : d.sections) {
    out << std::string(static_cast<std::size_t>(s.level), '#') << " " << md_escaped(s.heading) << "\n\n";
    for (const auto& b : s.blocks) {
      switch (b.kind) {
        case Block::Kind::paragraph:
          out << md_escaped(b.text) << "\n\n";
          break;
        case Block::Kind::code: {
          // A fence longer than any run of backticks in the text.
          std::size_t longest = 0, run = 0;
          for (char c : b.text) {
            run = c == '`' ? run + 1 : 0;
            longest = std::max(longest, run);
          }
          const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
          out << fence << "\n" << b.text << (b.text.empty() || b.text.back() != '\n' ? "\n" : "") << fence << "\n\n";
          break;
        }
        case Block::Kind::list:
          for (const auto& item : b.items) out << "- " << md_escaped(item) << "\n";
          out << "\n";
          break;
        case Block::Kind::table:
          md_table(out, b.table);
          break;
        case Block::Kind::figure:
          ++figures;
          out << "![" << md_escaped(b.figure.caption) << "](" << figure_folder << "/" << b.figure.name << ".svg)\n\n"
              << "_Figure " << figures << ". " << md_escaped(b.figure.caption) << "_\n\n";
          break;
      }
    }
  }
  return out.str();
}

}  // namespace mcsens::report
