/**
 * A set of field paths, stored as a tree keyed by path element (upstream's
 * fieldpath.Set). A node is a member when its own path is in the set; its
 * children hold the longer paths. Sets are values: every operation returns a
 * new set and leaves its inputs alone, and no empty subtree is ever kept, so
 * `isEmpty` is a constant-time check.
 */
import type { Path, PathElement } from "./path.js";

export class FieldSet {
  #member = false;
  readonly #children = new Map<PathElement, FieldSet>();

  /** A node built bottom-up by walks: its own membership and its (non-empty) children. */
  static node(member: boolean, children: Iterable<readonly [PathElement, FieldSet]>): FieldSet {
    const set = new FieldSet();
    set.#member = member;
    for (const [element, child] of children) if (!child.isEmpty()) set.#children.set(element, child);
    return set;
  }

  static of(paths: Iterable<Path>): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Whether the path leading to this node is itself in the set. */
  get member(): boolean {
    return this.#member;
  }

  isEmpty(): boolean {
    return !this.#member && this.#children.size === 0;
  }

  /**
   * Adds a path. Only for sets being built: combined sets share subtrees
   * with their inputs, so they are never inserted into.
   */
  insert(path: Path): void {
    let node: FieldSet = this;
    for (const element of path) {
      let next = node.#children.get(element);
      if (!next) {
        next = new FieldSet();
        node.#children.set(element, next);
      }
      node = next;
    }
    node.#member = true;
  }

  has(path: Path): boolean {
    let node: FieldSet | undefined = this;
    for (const element of path) {
      node = node.#children.get(element);
      if (!node) return false;
    }
    return node.#member;
  }

  /** The paths below `element`, relative to it (empty when there are none). */
  child(element: PathElement): FieldSet {
    return this.#children.get(element) ?? EMPTY;
  }

  children(): IterableIterator<[PathElement, FieldSet]> {
    return this.#children.entries();
  }

  /**
   * The paths of both sets. This very set when `other` adds nothing, so a
   * manager writing fields it already owns keeps its entry's identity (and
   * its cached wire form).
   */
  union(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    if (this.isEmpty()) return other;
    const result = new FieldSet();
    result.#member = this.#member || other.#member;
    let changed = result.#member !== this.#member;
    for (const [element, child] of this.#children) {
      const both = child.union(other.child(element));
      if (both !== child) changed = true;
      result.#children.set(element, both);
    }
    for (const [element, child] of other.#children) {
      if (this.#children.has(element)) continue;
      changed = true;
      result.#children.set(element, child);
    }
    return changed ? result : this;
  }

  intersection(other: FieldSet): FieldSet {
    const result = new FieldSet();
    result.#member = this.#member && other.#member;
    for (const [element, child] of this.#children) {
      const theirs = other.#children.get(element);
      if (!theirs) continue;
      const both = child.intersection(theirs);
      if (!both.isEmpty()) result.#children.set(element, both);
    }
    return result;
  }

  /**
   * The paths of this set that `other` does not hold (exact paths: a member
   * keeps its children). This very set when none of its paths go, so an
   * unchanged entry keeps its identity (and its cached wire form).
   */
  difference(other: FieldSet): FieldSet {
    if (other.isEmpty()) return this;
    const result = new FieldSet();
    result.#member = this.#member && !other.#member;
    let changed = result.#member !== this.#member;
    for (const [element, child] of this.#children) {
      const theirs = other.#children.get(element);
      const rest = theirs ? child.difference(theirs) : child;
      if (rest !== child) changed = true;
      if (!rest.isEmpty()) result.#children.set(element, rest);
    }
    return changed ? result : this;
  }

  /** Removes every path that starts with one of `prefixes`' members (upstream's RecursiveDifference). */
  withoutPrefixes(prefixes: FieldSet): FieldSet {
    if (prefixes.isEmpty()) return this;
    if (prefixes.#member) return EMPTY;
    const result = new FieldSet();
    result.#member = this.#member;
    for (const [element, child] of this.#children) {
      const theirs = prefixes.#children.get(element);
      const rest = theirs ? child.withoutPrefixes(theirs) : child;
      if (!rest.isEmpty()) result.#children.set(element, rest);
    }
    return result;
  }

  /** The set with only the top-level children `keep` accepts (and the top itself). */
  retainChildren(keep: (element: PathElement) => boolean): FieldSet {
    const result = new FieldSet();
    result.#member = this.#member;
    for (const [element, child] of this.#children) if (keep(element)) result.#children.set(element, child);
    return result;
  }

  equals(other: FieldSet): boolean {
    if (this.#member !== other.#member || this.#children.size !== other.#children.size) return false;
    for (const [element, child] of this.#children) {
      const theirs = other.#children.get(element);
      if (!theirs || !child.equals(theirs)) return false;
    }
    return true;
  }

  /** Every member path, parents before children. */
  *paths(prefix: Path = []): Generator<Path> {
    if (this.#member) yield prefix;
    for (const [element, child] of this.#children) yield* child.paths([...prefix, element]);
  }
}

const EMPTY = new FieldSet();
