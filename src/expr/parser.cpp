// SPDX-License-Identifier: MIT
// Tokenizer and recursive-descent parser of the model language (grammar in docs/model-language.md).
#include <cctype>
#include <charconv>
#include <system_error>

#include "expr/syntax.hpp"

namespace mcsens::detail {

SyntaxNode::~SyntaxNode() {
  std::vector<std::unique_ptr<SyntaxNode>> pending = std::move(children);
  while (!pending.empty()) {
    std::unique_ptr<SyntaxNode> node = std::move(pending.back());
    pending.pop_back();
    for (auto& child : node->children) pending.push_back(std::move(child));
    node->children.clear();
  }  // each node is destroyed with no children left
}

SourceLocation location_at(const ExpressionSource& source, int offset) {
  if (source.location.column <= 0) return source.location;
  return source.location_of(offset);
}

namespace {

enum class TokenKind { kNumber, kName, kOperator, kEnd };

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  double value = 0.0;
  int offset = 0;
};

bool is_name_start(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}
bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// True when `s` is digits[.digits][(e|E)[+-]digits] or .digits[...]: the number syntax of the language.
bool valid_number(const std::string& s) {
  size_t i = 0;
  size_t mantissa_digits = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++mantissa_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++mantissa_digits;
  }
  if (mantissa_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exponent_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exponent_digits;
    if (exponent_digits == 0) return false;
  }
  return i == s.size();
}

class Lexer {
 public:
  explicit Lexer(const ExpressionSource& source) : source_(source), text_(source.text) {}

  std::vector<Token> tokens() {
    std::vector<Token> out;
    for (;;) {
      Token token = next();
      const bool end = token.kind == TokenKind::kEnd;
      out.push_back(std::move(token));
      if (end) return out;
    }
  }

 private:
  [[noreturn]] void fail(const std::string& message, size_t offset) const {
    throw Error(message, location_at(source_, static_cast<int>(offset)));
  }

  Token next() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_])) != 0) ++pos_;
    Token token;
    token.offset = static_cast<int>(pos_);
    if (pos_ >= text_.size()) return token;
    const char c = text_[pos_];
    if (is_digit(c) || (c == '.' && pos_ + 1 < text_.size() && is_digit(text_[pos_ + 1]))) return number(token);
    if (is_name_start(c)) {
      const size_t start = pos_;
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
      token.kind = TokenKind::kName;
      token.text = text_.substr(start, pos_ - start);
      return token;
    }
    token.kind = TokenKind::kOperator;
    const char n = pos_ + 1 < text_.size() ? text_[pos_ + 1] : '\0';
    const std::string two{c, n};
    if (two == "<=" || two == ">=" || two == "==" || two == "!=" || two == "&&" || two == "||") {
      token.text = two;
      pos_ += 2;
      return token;
    }
    if (two == "**") fail("'**' is not an operator; write a power with '^' (x^2, not x**2)", pos_);
    if (c == '=') fail("'=' is not an operator here (did you mean '=='?)", pos_);
    if (c == '&') fail("'&' is not an operator (did you mean '&&'?)", pos_);
    if (c == '|') fail("'|' is not an operator (did you mean '||'?)", pos_);
    static const std::string kSingle = "+-*/^<>!?:(),[]";
    if (kSingle.find(c) == std::string::npos) {
      const auto byte = static_cast<unsigned char>(c);
      if (byte < 0x20 || byte >= 0x7f) {
        static const char* kHex = "0123456789abcdef";
        fail(std::string("unexpected character (byte 0x") + kHex[byte >> 4] + kHex[byte & 15] + ")", pos_);
      }
      fail(std::string("unexpected character '") + c + "'", pos_);
    }
    token.text = std::string(1, c);
    ++pos_;
    return token;
  }

  // A number is the longest run of name characters and dots (plus a sign right after an exponent letter), so
  // that "1e", "1.2.3", "2x" and "1_000" are reported whole as invalid numbers rather than split.
  Token number(Token token) {
    const size_t start = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (is_name_char(c) || c == '.') {
        ++pos_;
      } else if ((c == '+' || c == '-') && (text_[pos_ - 1] == 'e' || text_[pos_ - 1] == 'E')) {
        // A sign belongs to the number only right after the exponent letter of a digit run ("1e-3", not "a-3").
        bool all_mantissa = true;
        for (size_t i = start; i + 1 < pos_; ++i)
          all_mantissa = all_mantissa && (is_digit(text_[i]) || text_[i] == '.');
        if (!all_mantissa) break;
        ++pos_;
      } else {
        break;
      }
    }
    token.text = text_.substr(start, pos_ - start);
    if (!valid_number(token.text)) fail("invalid number '" + token.text + "'", start);
    const auto result = std::from_chars(token.text.data(), token.text.data() + token.text.size(), token.value);
    if (result.ec == std::errc::result_out_of_range) {
      // from_chars reports both overflow and underflow; underflow to zero (or a subnormal) is harmless.
      bool overflow = false;
      for (size_t i = 0; i < token.text.size(); ++i) {
        if (token.text[i] == 'e' || token.text[i] == 'E') overflow = token.text.find('-', i) == std::string::npos;
      }
      if (overflow || token.text.find_first_of("eE") == std::string::npos) {
        fail("number '" + token.text + "' is too large for a double", start);
      }
      token.value = 0.0;
    } else if (result.ec != std::errc() || result.ptr != token.text.data() + token.text.size()) {
      fail("invalid number '" + token.text + "'", start);
    }
    token.kind = TokenKind::kNumber;
    return token;
  }

  const ExpressionSource& source_;
  const std::string& text_;
  size_t pos_ = 0;
};

class Parser {
 public:
  Parser(const ExpressionSource& source, std::vector<Token> tokens) : source_(source), tokens_(std::move(tokens)) {}

  std::unique_ptr<SyntaxNode> parse() {
    if (peek().kind == TokenKind::kEnd) fail("empty expression", peek().offset);
    auto root = ternary();
    if (at(")")) fail("unexpected ')'", peek().offset);
    if (peek().kind != TokenKind::kEnd) unexpected(peek(), "an operator");
    return root;
  }

 private:
  const Token& peek() const { return tokens_[pos_]; }
  bool at(const char* op) const { return peek().kind == TokenKind::kOperator && peek().text == op; }
  const Token& take() { return tokens_[pos_ < tokens_.size() - 1 ? pos_++ : pos_]; }

  int column_of(int offset) const {
    return location_at(source_, offset).column + (source_.location.column > 0 ? 0 : offset + 1);
  }

  [[noreturn]] void fail(const std::string& message, int offset) const {
    throw Error(message, location_at(source_, offset));
  }

  [[noreturn]] void unexpected(const Token& token, const char* expected) const {
    if (token.kind == TokenKind::kEnd) {
      fail(std::string("unexpected end of expression (expected ") + expected + ")", token.offset);
    }
    const std::string what = token.kind == TokenKind::kName ? "name '" + token.text + "'" : "'" + token.text + "'";
    fail("unexpected " + what + " (expected " + expected + ")", token.offset);
  }

  struct DepthGuard {
    DepthGuard(Parser& parser, int offset) : parser_(parser) {
      if (++parser_.depth_ > kMaxNesting) {
        parser_.fail("expression nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)", offset);
      }
    }
    ~DepthGuard() { --parser_.depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;
    Parser& parser_;
  };

  static std::unique_ptr<SyntaxNode> make(NodeKind kind, const Token& token) {
    auto node = std::make_unique<SyntaxNode>();
    node->kind = kind;
    node->text = token.text;
    node->value = token.value;
    node->offset = token.offset;
    return node;
  }

  static std::unique_ptr<SyntaxNode> binary(const Token& op, std::unique_ptr<SyntaxNode> lhs,
                                            std::unique_ptr<SyntaxNode> rhs) {
    auto node = make(NodeKind::kBinary, op);
    node->children.push_back(std::move(lhs));
    node->children.push_back(std::move(rhs));
    return node;
  }

  // ternary := or ['?' ternary ':' ternary]   (right-associative)
  std::unique_ptr<SyntaxNode> ternary() {
    DepthGuard guard(*this, peek().offset);
    auto condition = logical_or();
    if (!at("?")) return condition;
    const Token question = take();
    auto node = make(NodeKind::kTernary, question);
    auto if_true = ternary();
    if (!at(":")) {
      if (peek().kind == TokenKind::kEnd) {
        fail("unexpected end of expression (expected ':' for the '?' at column " +
                 std::to_string(column_of(question.offset)) + ")",
             peek().offset);
      }
      unexpected(peek(), ("':' for the '?' at column " + std::to_string(column_of(question.offset))).c_str());
    }
    take();
    auto if_false = ternary();
    node->children.push_back(std::move(condition));
    node->children.push_back(std::move(if_true));
    node->children.push_back(std::move(if_false));
    return node;
  }

  template <class Next>
  std::unique_ptr<SyntaxNode> left_assoc(std::initializer_list<const char*> ops, Next next) {
    auto lhs = (this->*next)();
    for (;;) {
      bool matched = false;
      for (const char* op : ops) matched = matched || at(op);
      if (!matched) return lhs;
      const Token op = take();
      last_operator_ = op.text;
      lhs = binary(op, std::move(lhs), (this->*next)());
    }
  }

  std::unique_ptr<SyntaxNode> logical_or() { return left_assoc({"||"}, &Parser::logical_and); }
  std::unique_ptr<SyntaxNode> logical_and() { return left_assoc({"&&"}, &Parser::equality); }
  std::unique_ptr<SyntaxNode> equality() { return left_assoc({"==", "!="}, &Parser::relational); }
  std::unique_ptr<SyntaxNode> relational() { return left_assoc({"<", "<=", ">", ">="}, &Parser::additive); }
  std::unique_ptr<SyntaxNode> additive() { return left_assoc({"+", "-"}, &Parser::multiplicative); }
  std::unique_ptr<SyntaxNode> multiplicative() { return left_assoc({"*", "/"}, &Parser::unary); }

  // unary := ('-' | '+' | '!') unary | power
  std::unique_ptr<SyntaxNode> unary() {
    if (at("-") || at("+") || at("!")) {
      DepthGuard guard(*this, peek().offset);
      const Token op = take();
      last_operator_ = op.text;
      auto node = make(NodeKind::kUnary, op);
      node->children.push_back(unary());
      return node;
    }
    return power();
  }

  // power := primary ['^' unary]: right-associative, and tighter than a leading minus (-2^2 = -4), while the
  // exponent may carry its own sign (2^-1 = 0.5).
  std::unique_ptr<SyntaxNode> power() {
    auto base = primary();
    if (!at("^")) return base;
    const Token op = take();
    last_operator_ = op.text;
    DepthGuard guard(*this, op.offset);
    return binary(op, std::move(base), unary());
  }

  // primary := number | name | name '(' [ternary {',' ternary}] ')' | name '[' ternary ']' | '(' ternary ')'
  std::unique_ptr<SyntaxNode> primary() {
    const Token& token = peek();
    if (token.kind == TokenKind::kNumber) return make(NodeKind::kNumber, take());
    if (token.kind == TokenKind::kName) {
      const Token name = take();
      if (at("[")) {
        const Token open = take();
        DepthGuard guard(*this, open.offset);
        auto element = make(NodeKind::kIndex, name);
        last_operator_ = "[";
        element->children.push_back(ternary());
        if (!at("]")) {
          const std::string message =
              "expected ']' to close '[' opened at column " + std::to_string(column_of(open.offset));
          if (peek().kind == TokenKind::kEnd) fail(message, peek().offset);
          fail(message + ", found '" + peek().text + "'", peek().offset);
        }
        take();
        return element;
      }
      if (!at("(")) return make(NodeKind::kName, name);
      const Token open = take();
      auto call = make(NodeKind::kCall, name);
      if (at(")")) {
        take();
        return call;
      }
      for (;;) {
        last_operator_ = call->children.empty() ? "(" : ",";
        call->children.push_back(ternary());
        if (at(",")) {
          take();
          continue;
        }
        if (at(")")) {
          take();
          return call;
        }
        close_error(open);
      }
    }
    if (token.kind == TokenKind::kOperator && token.text == "(") {
      const Token open = take();
      last_operator_ = "(";
      auto inner = ternary();
      if (!at(")")) close_error(open);
      take();
      return inner;
    }
    if (token.kind == TokenKind::kEnd) {
      if (last_operator_.empty()) fail("empty expression", token.offset);
      fail("unexpected end of expression (expected a value after '" + last_operator_ + "')", token.offset);
    }
    fail("unexpected '" + token.text + "'", token.offset);
  }

  [[noreturn]] void close_error(const Token& open) const {
    const std::string message = "expected ')' to close '(' opened at column " + std::to_string(column_of(open.offset));
    if (peek().kind == TokenKind::kEnd) fail(message, peek().offset);
    const Token& token = peek();
    const std::string what = token.kind == TokenKind::kName ? "name '" + token.text + "'" : "'" + token.text + "'";
    fail(message + ", found " + what, token.offset);
  }

  const ExpressionSource& source_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::string last_operator_;
};

}  // namespace

ParsedExpression parse_expression(const ExpressionSource& source) {
  Lexer lexer(source);
  Parser parser(source, lexer.tokens());
  ParsedExpression parsed;
  parsed.source = &source;
  parsed.root = parser.parse();
  return parsed;
}

}  // namespace mcsens::detail
