// SPDX-License-Identifier: MIT
#include "model/external_program.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <thread>

#include "core/fnv1a.hpp"

extern char** environ;

namespace mcsens {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The input named `name`, or -1.
int input_index(const ExternalCommand& command, const std::string& name) {
  const auto at = std::find(command.inputs.begin(), command.inputs.end(), name);
  return at == command.inputs.end() ? -1 : static_cast<int>(at - command.inputs.begin());
}

// What may stand between braces as a placeholder: a name, or an array parameter's element (shock[3]). Other text
// in braces (an awk program, a JSON fragment) is the command's own and left as written.
bool placeholder_like(const std::string& text) {
  std::size_t i = 0;
  const auto letter = [&](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  const auto digit = [&](char c) { return c >= '0' && c <= '9'; };
  if (text.empty() || !letter(text[0])) return false;
  while (i < text.size() && (letter(text[i]) || digit(text[i]))) ++i;
  if (i == text.size()) return true;
  if (text[i] != '[' || text.back() != ']' || i + 2 >= text.size()) return false;
  for (std::size_t k = i + 1; k + 1 < text.size(); ++k) {
    if (!digit(text[k])) return false;
  }
  return true;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// A whole token as a double: a decimal number (strtod's, so also nan and inf, which a model may give), or JSON's
// NaN, Infinity, -Infinity as Python's json module writes them.
bool number(const std::string& token, double& value) {
  if (token == "NaN") return value = kNaN, true;
  if (token == "Infinity") return value = std::numeric_limits<double>::infinity(), true;
  if (token == "-Infinity") return value = -std::numeric_limits<double>::infinity(), true;
  if (token.empty() || token.find_first_of("xX") != std::string::npos) return false;  // no hexadecimal
  char* end = nullptr;
  errno = 0;
  value = std::strtod(token.c_str(), &end);
  return end == token.c_str() + token.size() && errno != ERANGE;
}

// {"name": number, ...}: a flat JSON object whose values are numbers (strings, true, false and null are allowed for
// names the command does not read; nested objects and arrays are not). Returns false with `error` on a syntax
// error.
bool parse_json_object(const std::string& text, std::vector<std::pair<std::string, std::string>>& pairs,
                       std::string& error) {
  std::size_t i = 0;
  const auto skip = [&] {
    while (i < text.size() && is_space(text[i])) ++i;
  };
  const auto expect = [&](char c) {
    skip();
    if (i >= text.size() || text[i] != c) {
      error = std::string("expected '") + c + "' at byte " + std::to_string(i) + " of the JSON output";
      return false;
    }
    ++i;
    return true;
  };
  if (!expect('{')) return false;
  skip();
  if (i < text.size() && text[i] == '}') {
    ++i;
  } else {
    for (;;) {
      if (!expect('"')) return false;
      std::string key;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size()) ++i;  // \" and \\ (names are identifiers: nothing else)
        key += text[i++];
      }
      if (!expect('"') || !expect(':')) return false;
      skip();
      const std::size_t start = i;
      if (i < text.size() && text[i] == '"') {  // a string value (of a name the command may not read)
        for (++i; i < text.size() && text[i] != '"'; ++i) {
          if (text[i] == '\\') ++i;
        }
        if (!expect('"')) return false;
      } else {
        while (i < text.size() && text[i] != ',' && text[i] != '}' && !is_space(text[i])) ++i;
      }
      pairs.emplace_back(key, text.substr(start, i - start));
      skip();
      if (i < text.size() && text[i] == ',') {
        ++i;
        continue;
      }
      if (!expect('}')) return false;
      break;
    }
  }
  skip();
  if (i != text.size()) {
    error = "text after the JSON object at byte " + std::to_string(i);
    return false;
  }
  return true;
}

}  // namespace

const char* failure_name(ExternalFailure failure) {
  switch (failure) {
    case ExternalFailure::none:
      return "none";
    case ExternalFailure::cannot_start:
      return "cannot_start";
    case ExternalFailure::exit_status:
      return "exit_status";
    case ExternalFailure::signal:
      return "signal";
    case ExternalFailure::timeout:
      return "timeout";
    case ExternalFailure::missing_output:
      return "missing_output";
    case ExternalFailure::bad_output:
      return "bad_output";
    case ExternalFailure::interrupted:
      return "interrupted";
  }
  return "?";
}

std::string placeholder_text(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.17g", x);
  return buffer;
}

std::string substitute_text(const ExternalCommand& command, const std::string& text, const double* values) {
  std::string out;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
    const int input = close == std::string::npos ? -1 : input_index(command, text.substr(i + 1, close - i - 1));
    if (input < 0) {
      out += text[i++];
      continue;
    }
    out += placeholder_text(values[input]);
    i = close + 1;
  }
  return out;
}

std::vector<std::string> substitute(const ExternalCommand& command, const double* values) {
  std::vector<std::string> words;
  for (const std::string& word : command.words) words.push_back(substitute_text(command, word, values));
  return words;
}

std::string draw_folder_name(const double* values, std::size_t count) {
  char name[32];
  std::snprintf(name, sizeof name, "draw-%016llx",
                static_cast<unsigned long long>(fnv1a(values, count * sizeof(double))));
  return name;
}

std::vector<std::string> unknown_placeholders(const ExternalCommand& command, const std::string& text) {
  std::vector<std::string> unknown;
  for (std::size_t open = text.find('{'); open != std::string::npos; open = text.find('{', open + 1)) {
    const std::size_t close = text.find('}', open);
    if (close == std::string::npos) break;
    const std::string name = text.substr(open + 1, close - open - 1);
    if (placeholder_like(name) && input_index(command, name) < 0)
      unknown.push_back(text.substr(open, close - open + 1));
  }
  return unknown;
}

std::vector<std::string> unknown_placeholders(const ExternalCommand& command) {
  std::vector<std::string> unknown;
  for (const std::string& word : command.words) {
    for (std::string& u : unknown_placeholders(command, word)) unknown.push_back(std::move(u));
  }
  return unknown;
}

void parse_outputs(const std::string& text, const ExternalCommand& command, ExternalResult& result) {
  std::vector<std::pair<std::string, std::string>> pairs;  // (name, value as written), in the order read
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && text[first] == '{') {
    std::string error;
    if (!parse_json_object(text.substr(first), pairs, error)) {
      result.failure = ExternalFailure::bad_output;
      result.reason = error;
      return;
    }
  } else {
    // "name value" lines; a line whose first word is not an output is the program's own chatter, left alone.
    std::size_t start = 0;
    while (start < text.size()) {
      std::size_t end = text.find('\n', start);
      if (end == std::string::npos) end = text.size();
      std::vector<std::string> tokens;
      std::size_t i = start;
      while (i < end) {
        while (i < end && is_space(text[i])) ++i;
        const std::size_t begin = i;
        while (i < end && !is_space(text[i])) ++i;
        if (i > begin) tokens.push_back(text.substr(begin, i - begin));
      }
      const bool wanted = !tokens.empty() &&
                          std::find(command.outputs.begin(), command.outputs.end(), tokens[0]) != command.outputs.end();
      if (wanted && tokens.size() != 2) {
        result.failure = ExternalFailure::bad_output;
        result.reason = "the line of output '" + tokens[0] + "' is not 'name value'";
        return;
      }
      if (wanted) pairs.emplace_back(tokens[0], tokens[1]);
      start = end + 1;
    }
  }
  result.outputs.assign(command.outputs.size(), kNaN);
  for (std::size_t o = 0; o < command.outputs.size(); ++o) {
    const std::string& name = command.outputs[o];
    const auto found = std::find_if(pairs.rbegin(), pairs.rend(), [&](const auto& p) { return p.first == name; });
    if (found == pairs.rend()) {
      result.failure = ExternalFailure::missing_output;
      result.reason = "no output '" + name + "'";
      result.outputs.assign(command.outputs.size(), kNaN);
      return;
    }
    if (!number(found->second, result.outputs[o])) {
      result.failure = ExternalFailure::bad_output;
      result.reason = "output '" + name + "' is not a number: '" + found->second.substr(0, 40) + "'";
      result.outputs.assign(command.outputs.size(), kNaN);
      return;
    }
  }
}

namespace {

// The folder a draw with a template runs in (ExternalCommand's template_name): made fresh with the filled template
// in it; a temporary one is removed when the draw is done (at destruction, after the program was waited for).
class DrawFolder {
 public:
  DrawFolder(const ExternalCommand& command, const double* values) {
    if (command.template_name.empty()) return;
    namespace fs = std::filesystem;
    std::error_code ec;
    if (command.kept_folder.empty()) {
      const char* tmp = std::getenv("TMPDIR");
      std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") + "/mcsens-draw-XXXXXX";
      if (::mkdtemp(pattern.data()) == nullptr) {
        error_ = "cannot make a folder for the draw (" + pattern + "): " + std::strerror(errno);
        return;
      }
      path_ = pattern;
      temporary_ = true;
    } else {
      path_ = (fs::path(command.kept_folder) / draw_folder_name(values, command.inputs.size())).string();
      fs::remove_all(path_, ec);  // an earlier run's folder of the same inputs
      if (!fs::create_directories(path_, ec) && ec) {
        error_ = "cannot make the draw's folder " + path_ + ": " + ec.message();
        return;
      }
      std::string inputs;
      for (std::size_t j = 0; j < command.inputs.size(); ++j) {
        inputs += command.inputs[j] + " " + placeholder_text(values[j]) + "\n";
      }
      if (!write("inputs.txt", inputs)) return;
    }
    write(command.template_name, substitute_text(command, command.template_text, values));
  }
  ~DrawFolder() {
    std::error_code ec;
    if (temporary_) std::filesystem::remove_all(path_, ec);
  }
  DrawFolder(const DrawFolder&) = delete;
  DrawFolder& operator=(const DrawFolder&) = delete;

  bool active() const { return !path_.empty(); }
  bool kept() const { return active() && !temporary_; }
  const std::string& path() const { return path_; }
  const std::string& error() const { return error_; }

  bool write(const std::string& name, const std::string& text) {
    std::ofstream out(path_ + "/" + name, std::ios::binary);
    out << text;
    if (!out.flush()) error_ = "cannot write " + path_ + "/" + name;
    return error_.empty();
  }

 private:
  std::string path_;
  bool temporary_ = false;
  std::string error_;
};

}  // namespace

ExternalResult run_external(const ExternalCommand& command, const double* values, const std::atomic<bool>* stop) {
  ExternalResult result;
  result.outputs.assign(command.outputs.size(), kNaN);
  const auto failed = [&](ExternalFailure failure, std::string reason) {
    result.failure = failure;
    result.reason = std::move(reason);
    return result;
  };
  if (command.words.empty()) return failed(ExternalFailure::cannot_start, "the command is empty");
  DrawFolder folder(command, values);
  if (!folder.error().empty()) return failed(ExternalFailure::cannot_start, folder.error());
  const std::string& directory = folder.active() ? folder.path() : command.directory;
  const std::vector<std::string> words = substitute(command, values);
  std::vector<char*> argv;
  for (const std::string& w : words) argv.push_back(const_cast<char*>(w.c_str()));
  argv.push_back(nullptr);
  // The environment: the caller's, without its own MCSENS_IN_ variables, plus the draw's inputs.
  std::vector<std::string> environment;
  for (char** e = environ; e != nullptr && *e != nullptr; ++e) {
    if (std::strncmp(*e, "MCSENS_IN_", 10) != 0) environment.emplace_back(*e);
  }
  for (std::size_t j = 0; j < command.inputs.size(); ++j) {
    environment.push_back("MCSENS_IN_" + command.inputs[j] + "=" + placeholder_text(values[j]));
  }
  std::vector<char*> envp;
  for (const std::string& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  // Standard output through a pipe whose ends close on exec (so that a process another thread starts meanwhile
  // does not hold this draw's pipe open); standard input and error are /dev/null. The child leads a process group
  // of its own, so that a timeout kills whatever it started too.
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    return failed(ExternalFailure::cannot_start, std::string("cannot make a pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  const std::string errors = folder.kept() ? folder.path() + "/stderr.txt" : "/dev/null";
  posix_spawn_file_actions_addopen(&actions, 2, errors.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (!directory.empty()) posix_spawn_file_actions_addchdir_np(&actions, directory.c_str());
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&attributes, 0);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, argv[0], &actions, &attributes, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    return failed(ExternalFailure::cannot_start, "cannot start '" + words[0] + "': " + std::strerror(spawned));
  }

  using Clock = std::chrono::steady_clock;
  const bool limited = command.timeout_seconds > 0;
  const Clock::time_point deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(std::min(command.timeout_seconds, 1e7)));
  const auto milliseconds_left = [&]() -> int {
    if (!limited) return -1;
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    return static_cast<int>(std::max<long long>(0, std::min<long long>(left, 1 << 30)));
  };
  // A raised stop flag is seen within a tenth of a second.
  const auto stopped = [stop] { return stop != nullptr && stop->load(std::memory_order_relaxed); };
  std::string text;
  bool timed_out = false;
  bool too_long = false;
  bool interrupted = false;
  char buffer[65536];
  for (;;) {
    pollfd fd{out[0], POLLIN, 0};
    int wait = milliseconds_left();
    if (stop != nullptr) wait = wait < 0 ? 100 : std::min(wait, 100);
    const int ready = ::poll(&fd, 1, wait);
    if (ready < 0 && errno == EINTR) continue;
    if (ready == 0) {
      if (limited && milliseconds_left() == 0) {
        timed_out = true;
        break;
      }
      if (stopped()) {
        interrupted = true;
        break;
      }
      continue;
    }
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // end of output (or an error reading it: the exit status says the rest)
    text.append(buffer, static_cast<std::size_t>(n));
    if (text.size() > kMaxOutputBytes) {
      too_long = true;
      break;
    }
  }
  ::close(out[0]);
  if (folder.kept()) folder.write("stdout.txt", text);
  // The program closed its output (or must stop): wait for it, until the deadline.
  int status = 0;
  for (;;) {
    if (timed_out || too_long || interrupted) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    const pid_t done = ::waitpid(pid, &status, limited ? WNOHANG : 0);
    if (done == pid) break;
    if (done < 0 && errno != EINTR) break;
    if (limited && milliseconds_left() == 0) {
      timed_out = true;
      continue;
    }
    // No stop here: the program has closed its output, so it is finishing; cutting it short now would only make
    // --resume run a finished draw again.
    if (limited) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  if (interrupted) return failed(ExternalFailure::interrupted, "the run was stopped while the program ran");
  if (timed_out) {
    return failed(ExternalFailure::timeout, "no result within the timeout of " +
                                                placeholder_text(command.timeout_seconds) +
                                                " s (the program and what it started were killed)");
  }
  if (too_long) {
    return failed(ExternalFailure::bad_output,
                  "more than " + std::to_string(kMaxOutputBytes) + " bytes on standard output");
  }
  if (WIFSIGNALED(status)) {
    const int signal_number = WTERMSIG(status);
    return failed(ExternalFailure::signal,
                  "killed by signal " + std::to_string(signal_number) + " (" + ::strsignal(signal_number) + ")");
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    return failed(ExternalFailure::exit_status, "exit status " + std::to_string(WEXITSTATUS(status)));
  }
  parse_outputs(text, command, result);
  return result;
}

}  // namespace mcsens
