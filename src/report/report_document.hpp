// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

#include "mcsens/engine/results.hpp"

// The report of a result file (`mcsens report`) as a document of sections, tables and figures, written once
// (report_content.cpp) and rendered twice: as one self-contained HTML page and as Markdown (report_render.cpp).
// Text is plain (the renderers escape it); figures are SVG text.
namespace mcsens::report {

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> numeric;  // per column: right-aligned (numbers); empty: all left
};

struct Figure {
  std::string name;     // a file name without extension (Markdown writes <name>.svg beside the report)
  std::string caption;  // what the figure shows, in one or two sentences
  std::string svg;
};

struct Block {
  enum class Kind { paragraph, table, figure, code, list };
  Kind kind = Kind::paragraph;
  std::string text;  // a paragraph, or a code block's text
  Table table;
  Figure figure;
  std::vector<std::string> items;  // a list's
};

struct Section {
  std::string id;  // an anchor, unique in the document
  std::string heading;
  int level = 2;  // 2: a section, 3: a subsection
  std::vector<Block> blocks;

  void paragraph(std::string text);
  void table(Table table);
  void figure(Figure figure);
  void code(std::string text);
  void list(std::vector<std::string> items);
};

struct Document {
  std::string title;
  std::string subtitle;
  std::vector<Section> sections;
};

// The whole report of `results` (read back from `file`, named in the provenance).
Document build_report(const Results& results, const std::string& file);

// The document as one HTML page: styles inline, figures as inline SVG, no script and no external link.
std::string render_html(const Document& document);

// The document as Markdown (GitHub's dialect, tables as pipes); each figure is an image link to
// `figure_folder`/<name>.svg, which the caller writes.
std::string render_markdown(const Document& document, const std::string& figure_folder);

}  // namespace mcsens::report
