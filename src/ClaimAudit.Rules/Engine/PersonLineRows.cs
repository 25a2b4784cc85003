using System.Runtime.CompilerServices;
using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;

namespace ClaimAudit.Rules.Engine;

/// <summary>
/// A line of a person's history by its episode and serial. The episode is the one object the person shares for it
/// (every line a person holds carries it), so two ids are equal when their episode objects are the same and their serials are.
/// </summary>
internal readonly struct LineId(PersonLineEpisode episode, string sn) : IEquatable<LineId>
{
    public PersonLineEpisode Episode { get; } = episode;

    /// <summary>Null for no line.</summary>
    public string Sn { get; } = sn;

    public static LineId Of(PersonLine line) => new(line.Episode, line.FeedetlSn);

    public bool Equals(LineId other) => ReferenceEquals(Episode, other.Episode) && string.Equals(Sn, other.Sn, StringComparison.Ordinal);

    public override bool Equals(object? obj) => obj is LineId other && Equals(other);

    public override int GetHashCode() => HashCode.Combine(RuntimeHelpers.GetHashCode(Episode), Sn?.GetHashCode() ?? 0);

    public static bool operator ==(LineId left, LineId right) => left.Equals(right);

    public static bool operator !=(LineId left, LineId right) => !left.Equals(right);
}

/// <summary>
/// A person's lines in the order they first came, each in a row that keeps its number when the line is sent again
/// (a refund arrived): the row then holds the line as it is now. A row is a struct in blocks that are never copied
/// (as an episode's <see cref="LineColumns"/>): the episode by its number here, codes by their numbers in
/// <see cref="SharedText"/>, values as their exact bits, the serial as bytes (<see cref="SerialColumn"/>). So a person
/// keeps no object per line, and the line objects it is sent die young; a rule is handed lines made from the rows of
/// the partition it judges. A line whose values or codes do not fit, or whose serial is not short ASCII (none in
/// national data), is kept whole on the side. Rows are found by id through an open-addressed index of row numbers, at
/// most three quarters full.
/// </summary>
internal sealed class PersonLineRows
{
    private Block[] _blocks = [];
    // Rows by the id's hash, kept at most three quarters full.
    private RowIndex _index = new();
    // The episodes the rows name by number (the person's one object for each), and their numbers; the last one numbered
    // is kept at hand (the object given and the one kept), for a batch's lines share theirs.
    private readonly List<PersonLineEpisode> _episodes = [];
    private readonly Dictionary<PersonLineEpisode, int> _episodeNumbers = [];
    private (PersonLineEpisode? Given, int Number) _last = (null, -1);
    // Lines kept whole, by row: a value needs more than 64 bits, a code has no shared number, or the serial is not bytes.
    private Dictionary<int, PersonLine>? _whole;

    public int Count { get; private set; }

    /// <summary>The line a row holds, made from the row (the same values, equal to the line put there).</summary>
    public PersonLine this[int row]
    {
        get
        {
            ref readonly var r = ref At(row, out var serials, out var offset);
            if (r.Code == SharedText.NotShared)
                return _whole![row];
            return new PersonLine(_episodes[r.Episode], serials.ToString(offset), SharedText.TextOf(r.Code)!, SharedText.TextOf(r.ChargeType)!, r.Time,
                new PackedValues(r.Cnt, r.Pric, r.Amount, r.PrdDays, r.CntScale, r.PricScale, r.AmountScale));
        }
    }

    /// <summary>Whether a row holds the line with this id, without making the line.</summary>
    private bool Holds(int row, LineId id, bool bytes)
    {
        ref readonly var r = ref At(row, out var serials, out var offset);
        if (!ReferenceEquals(_episodes[r.Episode], id.Episode))
            return false;
        if (r.Code == SharedText.NotShared)
            return string.Equals(_whole![row].FeedetlSn, id.Sn, StringComparison.Ordinal);
        return bytes && serials.Is(offset, id.Sn);
    }

    /// <summary>Makes room for this many lines at once (a person rebuilt at its known size).</summary>
    public void EnsureCapacity(int count)
    {
        if (RowIndex.ThreeQuartersFull(count) > _index.Size)
            Reindex(RowIndex.ThreeQuartersFull(count));
    }

    /// <summary>The row of the line with this id, or -1.</summary>
    public int RowOf(LineId id)
    {
        var bytes = SerialColumn.IsBytes(id.Sn);
        foreach (var row in _index.Candidates(Hash(id.Episode, SerialColumn.Hash(id.Sn))))
            if (Holds(row, id, bytes))
                return row;
        return -1;
    }

    /// <summary>
    /// Holds the line in its row (a new one when its id is new) and answers the line the row held before, if any. The
    /// line's episode must be the one object the person shares for it (<see cref="Share"/>).
    /// </summary>
    public PersonLine? Put(PersonLine line, out int row)
    {
        var id = LineId.Of(line);
        row = RowOf(id);
        PersonLine? before = null;
        if (row >= 0)
            before = this[row];
        else
        {
            row = Count;
            var (block, _) = LineColumns.Locate(row);
            if (block == _blocks.Length)
            {
                Array.Resize(ref _blocks, block + 1);
                _blocks[block] = new Block(LineColumns.BlockSize(block));
            }
            Count++;
        }
        Keep(row, line, serialKept: before is not null);
        if (before is null)
        {
            if (RowIndex.ThreeQuartersFull(Count) > _index.Size)
                Reindex(RowIndex.ThreeQuartersFull(Count));
            else
                _index.Place(Hash(id.Episode, SerialColumn.Hash(id.Sn)), row);
        }
        return before;
    }

    /// <summary>The person's one object for an episode part equal to this one (the first it was given, with its texts shared).</summary>
    public PersonLineEpisode Share(PersonLineEpisode episode) => _episodes[NumberOf(episode)];

    private int NumberOf(PersonLineEpisode episode)
    {
        if (_last.Number >= 0 && (ReferenceEquals(episode, _last.Given) || ReferenceEquals(episode, _episodes[_last.Number])))
            return _last.Number;
        if (!_episodeNumbers.TryGetValue(episode, out var number))
        {
            _episodeNumbers[episode] = number = _episodes.Count;
            _episodes.Add(SharedText.Share(episode));
        }
        _last = (episode, number);
        return number;
    }

    // A line sent again has the serial its row keeps (the same id): only its values are kept anew.
    private void Keep(int row, PersonLine line, bool serialKept)
    {
        ref var r = ref At(row, out var serials, out var offset);
        var episode = NumberOf(line.Episode);
        var (code, chargeType) = (SharedText.IdOf(line.MedListCodg), SharedText.IdOf(line.MedChrgitmType));
        var serialAsBytes = serialKept ? SerialColumn.IsBytes(line.FeedetlSn) : serials.Keep(offset, line.FeedetlSn);
        _whole?.Remove(row);
        if (!line.TryGetPacked(out var values) || code == SharedText.NotShared || chargeType == SharedText.NotShared || !serialAsBytes)
        {
            (_whole ??= [])[row] = line;
            r = new Row { Episode = episode, Code = SharedText.NotShared };
            return;
        }
        r = new Row
        {
            Episode = episode, Code = code, ChargeType = chargeType, Time = line.FeeOcurTime,
            Cnt = values.Cnt, Pric = values.Pric, Amount = values.Amount, PrdDays = values.PrdDays,
            CntScale = values.CntScale, PricScale = values.PricScale, AmountScale = values.AmountScale,
        };
    }

    private ref Row At(int row, out SerialColumn serials, out int offset)
    {
        if ((uint)row >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(row));
        (var block, offset) = LineColumns.Locate(row);
        serials = _blocks[block].Serials;
        return ref _blocks[block].Rows[offset];
    }

    public IEnumerable<PersonLine> AsEnumerable()
    {
        for (var row = 0; row < Count; row++)
            yield return this[row];
    }

    // An id's hash: its episode object's, and its serial's as a SerialColumn hashes it (so a row's is had from its bytes).
    private static int Hash(PersonLineEpisode episode, int serialHash) => HashCode.Combine(RuntimeHelpers.GetHashCode(episode), serialHash) & int.MaxValue;

    private void Reindex(int size)
    {
        _index.Reset(size);
        for (var row = 0; row < Count; row++)
        {
            ref readonly var r = ref At(row, out var serials, out var offset);
            var serialHash = r.Code == SharedText.NotShared ? SerialColumn.Hash(_whole![row].FeedetlSn) : SerialColumn.Hash(serials[offset]);
            _index.Place(Hash(_episodes[r.Episode], serialHash), row);
        }
    }

    private sealed class Block(int size)
    {
        public readonly Row[] Rows = new Row[size];
        public readonly SerialColumn Serials = new(size);
    }

    /// <summary>One line as the person keeps it, but for its serial (in the block's <see cref="SerialColumn"/>).</summary>
    private struct Row
    {
        public DateTime Time;
        public long Cnt, Pric, Amount;
        public int Episode, Code, ChargeType, PrdDays;
        public byte CntScale, PricScale, AmountScale;
    }
}

/// <summary>
/// The rows of lines alone in a partition of a two-line rule, by the partition's 64-bit hash: open addressing with
/// linear probing, at most three quarters full, twelve bytes a slot (where a dictionary entry and its bucket took
/// twenty-eight). A removal shifts the entries after it back, so no slot is ever a tombstone.
/// </summary>
internal sealed class LonePartitions
{
    private ulong[] _hashes = [];
    private int[] _rows = []; // row + 1; 0 is an empty slot
    private int _count;

    public void EnsureCapacity(int count)
    {
        if (RowIndex.ThreeQuartersFull(count) > _hashes.Length)
            Resize(RowIndex.ThreeQuartersFull(count));
    }

    public bool TryGetRow(ulong hash, out int row)
    {
        var slot = SlotOf(hash);
        row = slot >= 0 ? _rows[slot] - 1 : -1;
        return slot >= 0;
    }

    /// <summary>Remembers the row under the hash, unless the hash already names one (then false).</summary>
    public bool TryAdd(ulong hash, int row)
    {
        if (SlotOf(hash) >= 0)
            return false;
        if (RowIndex.ThreeQuartersFull(_count + 1) > _hashes.Length)
            Resize(RowIndex.ThreeQuartersFull(_count + 1));
        var mask = _hashes.Length - 1;
        var slot = (int)Mix(hash) & mask;
        while (_rows[slot] != 0)
            slot = (slot + 1) & mask;
        (_hashes[slot], _rows[slot]) = (hash, row + 1);
        _count++;
        return true;
    }

    public void Remove(ulong hash)
    {
        var slot = SlotOf(hash);
        if (slot < 0)
            return;
        var mask = _hashes.Length - 1;
        // Backward-shift deletion: an entry after the hole moves into it unless its home lies between the hole and it.
        for (var next = (slot + 1) & mask; _rows[next] != 0; next = (next + 1) & mask)
        {
            var home = (int)Mix(_hashes[next]) & mask;
            if (((next - home) & mask) >= ((next - slot) & mask))
            {
                (_hashes[slot], _rows[slot]) = (_hashes[next], _rows[next]);
                slot = next;
            }
        }
        (_hashes[slot], _rows[slot]) = (0, 0);
        _count--;
    }

    private int SlotOf(ulong hash)
    {
        if (_count == 0)
            return -1;
        var mask = _hashes.Length - 1;
        for (var slot = (int)Mix(hash) & mask; _rows[slot] != 0; slot = (slot + 1) & mask)
            if (_hashes[slot] == hash)
                return slot;
        return -1;
    }

    // The hash's two halves folded, so that a probe start depends on all of it.
    private static uint Mix(ulong hash) => (uint)(hash ^ (hash >> 32)) * 0x9E3779B1u;

    private void Resize(int size)
    {
        var (hashes, rows) = (_hashes, _rows);
        (_hashes, _rows, _count) = (new ulong[size], new int[size], 0);
        for (var slot = 0; slot < hashes.Length; slot++)
            if (rows[slot] != 0)
                TryAdd(hashes[slot], rows[slot] - 1);
    }
}
