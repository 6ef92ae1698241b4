#include "parser_transition.h"

#include <algorithm>

namespace geokg::parser {

namespace {

// Bytes of `count` values of `bytes` bytes each, rounded up to 8.
size_t Span(size_t count, size_t bytes) { return (count * bytes + 7) / 8 * 8; }

}  // namespace

void State::Bind() {
  const size_t size = static_cast<size_t>(n) + 2;
  unsigned char* at = block_.data();
  auto take = [&](size_t bytes) {
    void* p = at;
    at += Span(size, bytes);
    return p;
  };
  left_labels = static_cast<uint64_t*>(take(8));
  right_labels = static_cast<uint64_t*>(take(8));
  head = static_cast<int*>(take(sizeof(int)));
  left1 = static_cast<int*>(take(sizeof(int)));
  left2 = static_cast<int*>(take(sizeof(int)));
  right1 = static_cast<int*>(take(sizeof(int)));
  right2 = static_cast<int*>(take(sizeof(int)));
  label = static_cast<uint8_t*>(take(1));
  num_left = static_cast<uint8_t*>(take(1));
  num_right = static_cast<uint8_t*>(take(1));
  on_stack = static_cast<uint8_t*>(take(1));
}

State& State::operator=(const State& other) {
  if (this == &other) return *this;
  n = other.n;
  buffer = other.buffer;
  stack = other.stack;
  block_ = other.block_;  // Keeps its capacity: one copy of the block.
  if (block_.empty()) {
    head = nullptr;
    label = nullptr;
    left1 = left2 = right1 = right2 = nullptr;
    num_left = num_right = nullptr;
    left_labels = right_labels = nullptr;
    on_stack = nullptr;
  } else {
    Bind();
  }
  return *this;
}

void State::Init(int words) {
  n = words;
  buffer = 1;
  stack.clear();
  const size_t size = static_cast<size_t>(n) + 2;
  block_.assign(2 * Span(size, 8) + 5 * Span(size, sizeof(int)) + 4 * Span(size, 1), 0);
  Bind();
  std::fill(head, head + size, -1);
  std::fill(label, label + size, kNoLabel);
}

bool State::IsValid(const Moves& moves, int move) const {
  if (move == kShift) return CanShift();
  if (move == kReduce) return CanReduce();
  const int l = moves.LabelOf(move);
  if (moves.IsLeft(move)) {
    return CanLeft() && (l == moves.root_label) == BufferIsRoot();
  }
  return CanRight() && l != moves.root_label;
}

void State::AddArc(int h, int d, uint8_t l) {
  head[d] = h;
  label[d] = l;
  const uint64_t bit = uint64_t{1} << (l % 64);
  if (d < h) {
    if (left1[h] == 0 || d < left1[h]) {
      left2[h] = left1[h];
      left1[h] = d;
    } else if (left2[h] == 0 || d < left2[h]) {
      left2[h] = d;
    }
    if (num_left[h] < 255) ++num_left[h];
    left_labels[h] |= bit;
  } else {
    if (right1[h] == 0 || d > right1[h]) {
      right2[h] = right1[h];
      right1[h] = d;
    } else if (right2[h] == 0 || d > right2[h]) {
      right2[h] = d;
    }
    if (num_right[h] < 255) ++num_right[h];
    right_labels[h] |= bit;
  }
}

void State::Apply(const Moves& moves, int move) {
  if (move == kShift) {
    on_stack[buffer] = 1;
    stack.push_back(buffer++);
  } else if (move == kReduce) {
    on_stack[stack.back()] = 0;
    stack.pop_back();
  } else if (moves.IsLeft(move)) {
    const int d = stack.back();
    AddArc(buffer, d, static_cast<uint8_t>(moves.LabelOf(move)));
    on_stack[d] = 0;
    stack.pop_back();
  } else {
    AddArc(stack.back(), buffer, static_cast<uint8_t>(moves.LabelOf(move)));
    on_stack[buffer] = 1;
    stack.push_back(buffer++);
  }
}

void MoveCosts(const State& st, const Moves& moves, const std::vector<int>& gold_head,
               const std::vector<uint8_t>& gold_label, int* costs) {
  const int count = moves.count();
  for (int m = 0; m < count; ++m) costs[m] = -1;
  const int s0 = st.s0();
  const int b0 = st.buffer;
  const int n = st.n;
  // Words in the buffer are b0..n; the root (n + 1) is always there too.
  auto in_buffer = [&](int i) { return i >= b0; };

  if (st.CanShift()) {
    // b0 goes onto the stack: it loses its gold head and its gold dependents
    // there (those without a head yet).
    int c = 0;
    for (int k : st.stack) {
      if (gold_head[k] == b0 && st.head[k] < 0) ++c;
      if (gold_head[b0] == k) ++c;
    }
    costs[kShift] = c;
  }
  if (st.CanReduce()) {
    int c = 0;
    for (int k = b0; k <= n; ++k) c += gold_head[k] == s0;
    costs[kReduce] = c;
  }
  if (st.CanLeft()) {
    // s0 gets head b0 and leaves: it loses dependents in the buffer and a
    // gold head further in the buffer.
    int c = 0;
    for (int k = b0; k <= n; ++k) c += gold_head[k] == s0;
    const bool head_right = gold_head[s0] == b0;
    if (!head_right && in_buffer(gold_head[s0])) ++c;
    if (st.BufferIsRoot()) {
      const int rl = moves.root_label;
      costs[moves.Left(rl)] = c + (head_right && gold_label[s0] != rl ? 1 : 0);
    } else {
      for (int l = 0; l < moves.num_labels; ++l) {
        if (l == moves.root_label) continue;
        costs[moves.Left(l)] = c + (head_right && gold_label[s0] != l ? 1 : 0);
      }
    }
  }
  if (st.CanRight()) {
    // b0 gets head s0 and is pushed: it loses another gold head still
    // reachable, and gold dependents waiting headless on the stack.
    int c = 0;
    const int gh = gold_head[b0];
    const bool head_right = gh == s0;
    if (!head_right && (in_buffer(gh) || st.on_stack[gh])) ++c;
    for (int k : st.stack) {
      if (gold_head[k] == b0 && st.head[k] < 0) ++c;
    }
    for (int l = 0; l < moves.num_labels; ++l) {
      if (l == moves.root_label) continue;
      costs[moves.Right(l)] = c + (head_right && gold_label[b0] != l ? 1 : 0);
    }
  }
}

void FinalTree(const State& st, const Moves& moves, uint8_t extra_root_label,
               std::vector<int>* heads, std::vector<uint8_t>* labels) {
  (void)moves;
  const int n = st.n;
  heads->assign(n, 0);
  labels->assign(n, extra_root_label);
  for (int i = 1; i <= n; ++i) {
    const int h = st.head[i];
    (*heads)[i - 1] = (h < 0 || h == n + 1) ? 0 : h;
    (*labels)[i - 1] = st.label[i] == kNoLabel ? extra_root_label : st.label[i];
  }
  // The root keeps the word attached to it first: the top of the stack when
  // the buffer reached the root, i.e. the rightmost headless word.
  int root = 0;
  for (int i = n; i >= 1; --i) {
    if ((*heads)[i - 1] == 0) {
      if (root == 0) {
        root = i;
        (*labels)[i - 1] = static_cast<uint8_t>(moves.root_label);
      } else {
        (*heads)[i - 1] = root;
        (*labels)[i - 1] = extra_root_label;
      }
    }
  }
}

}  // namespace geokg::parser
