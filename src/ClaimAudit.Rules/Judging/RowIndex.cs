using System.Numerics;

namespace ClaimAudit.Rules.Judging;

/// <summary>
/// Rows found by a hash of their key, for tables that keep their rows in arrays: row + 1 in an open-addressed array
/// (linear probing, 0 an empty slot) whose size is a power of two. The table compares keys: the index only names the
/// rows whose hash starts a probe at or before them (<see cref="Candidates"/>).
/// </summary>
internal struct RowIndex()
{
    private int[] _slots = [];

    public readonly int Size => _slots.Length;

    /// <summary>The size (a power of two, at least 16) at which an open-addressed table of this many entries is at most three quarters full.</summary>
    public static int ThreeQuartersFull(int count) => (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, count + (count + 2) / 3));

    public void Place(int hash, int row)
    {
        var mask = _slots.Length - 1;
        var slot = hash & mask;
        while (_slots[slot] != 0)
            slot = (slot + 1) & mask;
        _slots[slot] = row + 1;
    }

    /// <summary>An empty index of this size (a power of two): the table places its rows again.</summary>
    public void Reset(int size) => _slots = new int[size];

    /// <summary>The rows to compare with a key of this hash, in probe order (none while the index is empty).</summary>
    public readonly Probe Candidates(int hash) => new(_slots, hash);

    public struct Probe(int[] slots, int hash)
    {
        private int _slot = slots.Length == 0 ? -1 : (hash & (slots.Length - 1)) - 1;

        public readonly int Current => slots[_slot] - 1;

        public readonly Probe GetEnumerator() => this;

        public bool MoveNext()
        {
            if (slots.Length == 0)
                return false;
            _slot = (_slot + 1) & (slots.Length - 1);
            return slots[_slot] != 0;
        }
    }
}
