// Internal: beam search over the arc-eager system of parser_transition.h,
// after Zhang & Nivre (2011).
//
// A beam holds up to k states; each step expands every state by each valid
// move, scores the move with the model's move scores for that state, and
// keeps the k candidates with the highest total (the sum of the move scores
// along the sequence), dropping those more than a margin below the best.
// Every arc-eager sequence has exactly 2n moves (each
// word is pushed once by SHIFT or RIGHT-ARC and popped once by REDUCE or
// LEFT-ARC), so all items finish together and steps line up, which global
// training needs. States are copied per kept candidate (a few small vectors
// for a sentence of ~15 words); the per-step history (parent, move) lets a
// caller rebuild any item's move sequence.
#ifndef GEOKG_EXTRACT_PARSER_BEAM_H_
#define GEOKG_EXTRACT_PARSER_BEAM_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "parser_transition.h"

namespace geokg::parser {

// Calls f(move) for every valid move of `st`, in move order blocks: SHIFT,
// REDUCE, the LEFT-ARCs, the RIGHT-ARCs (as the greedy parser considers them).
template <typename F>
inline void ForEachValidMove(const State& st, const Moves& moves, F&& f) {
  if (st.CanShift()) f(kShift);
  if (st.CanReduce()) f(kReduce);
  if (st.CanLeft()) {
    if (st.BufferIsRoot()) {
      f(moves.Left(moves.root_label));
    } else {
      for (int l = 0; l < moves.num_labels; ++l) {
        if (l != moves.root_label) f(moves.Left(l));
      }
    }
  }
  if (st.CanRight()) {
    for (int l = 0; l < moves.num_labels; ++l) {
      if (l != moves.root_label) f(moves.Right(l));
    }
  }
}

// As ForEachValidMove, but of the valid LEFT-ARCs and RIGHT-ARCs only the
// one each with the highest score in `scores` (the first on ties). A beam
// expanded with it offers up to 4 candidates per item instead of up to
// 2L + 2; it differs from the full expansion only where two labels of one
// arc from one item would both rank among the k best candidates.
template <typename T, typename F>
inline void ForEachBestLabelledMove(const State& st, const Moves& moves, const T* scores, F&& f) {
  if (st.CanShift()) f(kShift);
  if (st.CanReduce()) f(kReduce);
  // The first non-root label with the highest score: the maximum first, in
  // two loops the compiler vectorises, then the first label that has it.
  auto best_of = [&](int first) {
    const T* row = scores + first;
    const int root = moves.root_label, labels = moves.num_labels;
    T top = std::numeric_limits<T>::lowest();
    for (int l = 0; l < root && l < labels; ++l) top = std::max(top, row[l]);
    for (int l = root + 1; l < labels; ++l) top = std::max(top, row[l]);
    for (int l = 0; l < labels; ++l) {
      if (l != root && row[l] == top) return first + l;
    }
    return -1;
  };
  if (st.CanLeft()) f(st.BufferIsRoot() ? moves.Left(moves.root_label) : best_of(moves.Left(0)));
  if (st.CanRight()) f(best_of(moves.Right(0)));
}

// Reusable beam buffers (one per thread).
class Beam {
 public:
  struct Step {
    int parent;  // Item index at the previous step (-1 at step 0).
    int move;
  };

  // Starts a sentence of n words with one empty state. Candidates more than
  // `margin` below the best total of their step are dropped (a negative
  // margin keeps all k): where the model is sure, the beam narrows.
  void Init(int n, int width, double margin = -1) {
    width_ = std::max(1, width);
    margin_ = margin;
    n_ = n;
    steps_ = 0;
    if (static_cast<int>(states_.size()) < width_) {
      states_.resize(width_);
      next_.resize(width_);
    }
    states_[0].Init(n);
    totals_.assign(1, 0.0);
    history_.clear();
    size_ = 1;
  }

  int size() const { return size_; }
  int steps() const { return steps_; }
  bool Terminal() const { return states_[0].Terminal(); }
  const State& state(int i) const { return states_[i]; }
  double total(int i) const { return totals_[i]; }
  // (parent, move) of item i after step t (0-based; t < steps()).
  const Step& history(int t, int i) const { return history_[static_cast<size_t>(t) * width_ + i]; }

  // One step. score(state, move_scores) must fill moves.count() scores of
  // type T for `state` (the caller zeroes nothing: Expand clears them).
  // Items are kept in order of decreasing total (ties: lower parent, then
  // lower move), so item 0 is the best.
  template <typename T, typename ScoreFn>
  void Expand(const Moves& moves, ScoreFn&& score, std::vector<T>* move_scores) {
    ExpandWith(
        moves.count(), score, [&](const State& st, auto&& f) { ForEachValidMove(st, moves, f); },
        [&](State* st, int m) { st->Apply(moves, m); }, move_scores);
  }

  // Expand over any move set of `count` moves: for_each_valid(state, f)
  // calls f(move) for the valid moves of a state, apply(&state, move)
  // applies one. Only the kept candidates are copied and applied; the
  // history records the moves as numbered here.
  template <typename T, typename ScoreFn, typename ValidFn, typename ApplyFn>
  void ExpandWith(int count, ScoreFn&& score, ValidFn&& for_each_valid, ApplyFn&& apply,
                  std::vector<T>* move_scores) {
    move_scores->resize(count);
    candidates_.clear();
    for (int i = 0; i < size_; ++i) {
      T* s = move_scores->data();
      std::fill(s, s + count, T{});
      score(states_[i], s);
      const double base = totals_[i];
      for_each_valid(states_[i], [&](int m) {
        candidates_.push_back(Candidate{base + static_cast<double>(s[m]), i, m});
      });
    }
    auto better = [](const Candidate& a, const Candidate& b) {
      if (a.total != b.total) return a.total > b.total;
      if (a.parent != b.parent) return a.parent < b.parent;
      return a.move < b.move;
    };
    int keep = std::min<int>(width_, static_cast<int>(candidates_.size()));
    if (keep < static_cast<int>(candidates_.size())) {
      std::nth_element(candidates_.begin(), candidates_.begin() + keep, candidates_.end(), better);
    }
    std::sort(candidates_.begin(), candidates_.begin() + keep, better);
    if (margin_ >= 0 && keep > 1) {
      const double floor = candidates_[0].total - margin_;
      int within = 1;
      while (within < keep && candidates_[within].total >= floor) ++within;
      keep = within;
    }
    next_totals_.resize(keep);
    history_.resize(static_cast<size_t>(steps_ + 1) * width_);
    for (int j = 0; j < keep; ++j) {
      const Candidate& c = candidates_[j];
      next_[j] = states_[c.parent];  // Reuses next_[j]'s capacity.
      apply(&next_[j], c.move);
      next_totals_[j] = c.total;
      history_[static_cast<size_t>(steps_) * width_ + j] = Step{c.parent, c.move};
    }
    states_.swap(next_);
    totals_.swap(next_totals_);
    size_ = keep;
    ++steps_;
  }

  // The moves of item i after step t (t + 1 moves), into *out.
  void Sequence(int t, int i, std::vector<int>* out) const {
    out->assign(t + 1, 0);
    for (int s = t; s >= 0; --s) {
      const Step& h = history(s, i);
      (*out)[s] = h.move;
      i = h.parent;
    }
  }

 private:
  struct Candidate {
    double total;
    int parent;
    int move;
  };
  int width_ = 1;
  double margin_ = -1;
  int n_ = 0;
  int size_ = 0;
  int steps_ = 0;
  std::vector<State> states_, next_;
  std::vector<double> totals_, next_totals_;
  std::vector<Candidate> candidates_;
  std::vector<Step> history_;
};

}  // namespace geokg::parser

#endif  // GEOKG_EXTRACT_PARSER_BEAM_H_
