// SPDX-License-Identifier: MIT
#include "model/crash_report.hpp"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <vector>

namespace mcsens {

namespace {

// Per thread: the user code it is in (null outside) and the block it evaluates. Read by the signal handler on the
// crashing thread itself.
thread_local const char* t_model = nullptr;
thread_local const char* t_path = nullptr;
thread_local BlockOrigin t_block;

// The handler only reads these: set before the handlers are installed, never changed during a run.
char g_checkpoint[4096] = {};

constexpr int kSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT};

// An alternate stack per thread, made on its first user-code call: a stack overflow in user code leaves no room on
// the thread's own stack for the handler.
struct AlternateStack {
  std::vector<char> memory;
  AlternateStack() : memory(static_cast<std::size_t>(SIGSTKSZ) + 65536) {
    stack_t stack{};
    stack.ss_sp = memory.data();
    stack.ss_size = memory.size();
    sigaltstack(&stack, nullptr);
  }
  ~AlternateStack() {
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    sigaltstack(&off, nullptr);
  }
};

// Async-signal-safe text building: a fixed buffer, no allocation, no locale.
struct Line {
  char text[8192];
  std::size_t size = 0;
  void add(const char* s) {
    for (; s != nullptr && *s != '\0' && size + 1 < sizeof text; ++s) text[size++] = *s;
  }
  void add(std::uint64_t v) {
    char digits[24];
    int n = 0;
    do {
      digits[n++] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    while (n > 0 && size + 1 < sizeof text) text[size++] = digits[--n];
  }
};

const char* signal_words(int signal) {
  switch (signal) {
    case SIGSEGV:
      return "SIGSEGV (segmentation fault: an invalid memory access)";
    case SIGBUS:
      return "SIGBUS (bus error: an invalid memory access)";
    case SIGFPE:
      return "SIGFPE (an arithmetic exception, such as an integer division by zero)";
    case SIGILL:
      return "SIGILL (an illegal instruction)";
    case SIGABRT:
      return "SIGABRT (it called abort(), or a failed assertion did)";
    default:
      return "a fatal signal";
  }
}

void on_crash(int signal, siginfo_t*, void*) {
  if (t_model == nullptr) {
    // Not the model's: the default action (a core dump for the developers), as if mcsens had no handler.
    ::signal(signal, SIG_DFL);
    ::raise(signal);
    return;
  }
  Line line;
  line.add("mcsens: error: the model plugin '");
  line.add(t_model);
  line.add("' (");
  line.add(t_path);
  line.add(") crashed with ");
  line.add(signal_words(signal));
  line.add(" while evaluating ");
  line.add(t_block.what);
  if (t_block.count > 0) {
    line.add(" ");
    line.add(t_block.first);
  }
  if (t_block.count > 1) {
    line.add(" to ");
    line.add(t_block.first + t_block.count - 1);
  }
  line.add("; no result file was written; ");
  if (const char* checkpoint = existing_checkpoint()) {
    line.add("the last checkpoint, ");
    line.add(checkpoint);
    line.add(", is kept: fix the plugin and continue with the same command and --resume");
  } else {
    line.add("no checkpoint had been written yet");
  }
  line.add("\n");
  line.text[line.size] = '\0';
  write_from_signal_handler(line.text);
  ::_exit(3);  // exit_code::kRuntime: the input was read fine, the user's code failed while running
}

}  // namespace

void write_from_signal_handler(const char* text) {
  for (std::size_t left = std::strlen(text); left > 0;) {
    const ssize_t wrote = ::write(STDERR_FILENO, text, left);
    if (wrote <= 0) return;
    text += wrote;
    left -= static_cast<std::size_t>(wrote);
  }
}

const char* existing_checkpoint() {
  return g_checkpoint[0] != '\0' && ::access(g_checkpoint, F_OK) == 0 ? g_checkpoint : nullptr;
}

BlockScope::BlockScope(const BlockOrigin& origin) : saved_(t_block) {
  t_block = origin;
}
BlockScope::~BlockScope() {
  t_block = saved_;
}

UserCodeScope::UserCodeScope(const char* model, const char* path) {
  thread_local AlternateStack stack;
  (void)stack;
  t_path = path;
  t_model = model;
}
UserCodeScope::~UserCodeScope() {
  t_model = nullptr;
  t_path = nullptr;
}

void install_crash_report(const std::string& checkpoint_path) {
  const std::size_t n = std::min(checkpoint_path.size(), sizeof g_checkpoint - 1);
  std::memcpy(g_checkpoint, checkpoint_path.data(), n);
  g_checkpoint[n] = '\0';
  struct sigaction action {};
  action.sa_sigaction = on_crash;
  action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
  sigemptyset(&action.sa_mask);
  for (const int signal : kSignals) sigaction(signal, &action, nullptr);
}

}  // namespace mcsens
