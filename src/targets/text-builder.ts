/**
 * A large text built from many small pieces. Pieces are joined into a chunk every few thousand, so they die
 * young: a single list of every piece kept millions of short strings alive for the garbage collector to copy,
 * and joining at every level of a nested document copied its text once per level.
 */
export class TextBuilder {
  private pieces: string[] = [];
  private readonly chunks: string[] = [];

  push(piece: string): void {
    this.pieces.push(piece);
    if (this.pieces.length === PIECES_PER_CHUNK) {
      this.chunks.push(this.pieces.join(""));
      this.pieces = [];
    }
  }

  text(): string {
    return this.chunks.join("") + this.pieces.join("");
  }
}

const PIECES_PER_CHUNK = 4096;
