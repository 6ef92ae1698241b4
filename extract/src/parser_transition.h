// Internal: the arc-eager transition system with the root at the end of the
// buffer (Ballesteros & Nivre 2013) and its dynamic oracle (Goldberg & Nivre
// 2012).
//
// Words are numbered 1..n; position 0 means "none" and n + 1 is the root,
// which stays last in the buffer. Moves are numbered:
//   0 = SHIFT, 1 = REDUCE, 2 + l = LEFT-ARC with label l,
//   2 + L + l = RIGHT-ARC with label l (L labels).
// LEFT-ARC with b0 = root must use the root label; no other move may.
// A State is plain per-sentence scratch: not shared between threads.
#ifndef GEOKG_EXTRACT_PARSER_TRANSITION_H_
#define GEOKG_EXTRACT_PARSER_TRANSITION_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace geokg::parser {

constexpr int kShift = 0;
constexpr int kReduce = 1;

struct Moves {
  int num_labels = 0;
  int root_label = 0;
  int count() const { return 2 + 2 * num_labels; }
  int Left(int label) const { return 2 + label; }
  int Right(int label) const { return 2 + num_labels + label; }
  bool IsLeft(int move) const { return move >= 2 && move < 2 + num_labels; }
  bool IsRight(int move) const { return move >= 2 + num_labels; }
  int LabelOf(int move) const { return IsLeft(move) ? move - 2 : move - 2 - num_labels; }
};

constexpr uint8_t kNoLabel = 0xff;

struct State {
  State() = default;
  State(const State& other) { *this = other; }
  State& operator=(const State& other);

  // Starts parsing n words: empty stack, buffer 1..n then the root.
  void Init(int n);

  int n = 0;
  int buffer = 1;          // b0; n + 1 once only the root is left.
  std::vector<int> stack;  // Top at the back.
  // Per position 0..n+1 (0 and n + 1 are sentinels), n + 2 values each,
  // all in one block (block_), so that a beam copies a state with one
  // memcpy. Null before Init.
  int* head = nullptr;  // -1 = none yet; n + 1 = the root.
  uint8_t* label = nullptr;
  int *left1 = nullptr, *left2 = nullptr;    // Leftmost and second-leftmost dependents (0 = none).
  int *right1 = nullptr, *right2 = nullptr;  // Rightmost and second-rightmost dependents.
  uint8_t *num_left = nullptr, *num_right = nullptr;
  // Bit (label % 64) per dependent label.
  uint64_t *left_labels = nullptr, *right_labels = nullptr;
  uint8_t* on_stack = nullptr;

  int s0() const { return stack.empty() ? 0 : stack.back(); }
  int s1() const { return stack.size() < 2 ? 0 : stack[stack.size() - 2]; }
  bool BufferIsRoot() const { return buffer == n + 1; }
  bool Terminal() const { return stack.empty() && BufferIsRoot(); }

  bool CanShift() const { return !BufferIsRoot(); }
  bool CanReduce() const { return !stack.empty() && head[stack.back()] >= 0; }
  bool CanLeft() const { return !stack.empty() && head[stack.back()] < 0; }
  bool CanRight() const { return !stack.empty() && !BufferIsRoot(); }
  bool IsValid(const Moves& moves, int move) const;

  // Applies a valid move.
  void Apply(const Moves& moves, int move);

 private:
  void AddArc(int h, int d, uint8_t l);
  // Points the arrays above into block_ for n words.
  void Bind();

  // Storage for the arrays (unsigned char may hold objects of any type);
  // each array starts on an 8-byte boundary (operator new aligns the
  // block to at least that).
  std::vector<unsigned char> block_;
};

// Cost of each move against a gold tree: the number of gold arcs (a wrong
// label counts as one) that become unreachable. Invalid moves get -1.
// gold_head[i] and gold_label[i] are given for positions 1..n, with the
// root as n + 1. `costs` receives moves.count() values. Exact for
// projective gold trees.
void MoveCosts(const State& state, const Moves& moves, const std::vector<int>& gold_head,
               const std::vector<uint8_t>& gold_label, int* costs);

// Heads (1-based words, 0 = root) and labels of a finished state, in
// *heads/*labels (size n). Exactly one word gets head 0: if several were
// attached to the root, the first attached keeps it and the others hang
// from it with `extra_root_label`.
void FinalTree(const State& state, const Moves& moves, uint8_t extra_root_label,
               std::vector<int>* heads, std::vector<uint8_t>* labels);

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_TRANSITION_H_
