using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;
using ClaimAudit.Rules.Judging;

namespace ClaimAudit.Rules.Contracts;

/// <summary>
/// One line of the person's history, net of refunds, as cross-episode rules read it. A person holds one for every
/// line of every episode it has, so it is kept small: the episode's part (<see cref="Episode"/>) is one object shared
/// by the episode's lines, and the count, price and amount are kept as their exact bits in fewer bytes (a value whose
/// coefficient needs more than 64 bits, none in national data, is kept whole in a table on the side, so that no line
/// carries a field for it). It reads back the very decimals it was given, and two lines are equal when their values
/// are, as the positional record it replaces was.
/// </summary>
public sealed record PersonLine
{
    // Count, price and amount whole, for the lines where one of them does not fit: the line is the key, so the entry
    // goes with it.
    private static readonly ConditionalWeakTable<PersonLine, decimal[]> WideValues = new();

    private readonly long _cnt, _pric, _amount;
    private readonly int _prdDays;
    private readonly byte _cntScale, _pricScale, _amountScale;

    private const int NoPrdDays = int.MinValue;

    [JsonConstructor]
    public PersonLine(string FixmedinsCode, string MdtrtId, string FeedetlSn, string MedListCodg, string MedChrgitmType,
        DateTime FeeOcurTime, decimal Cnt, decimal Pric, decimal Amount, int? PrdDays, string MedType)
        : this(new PersonLineEpisode(FixmedinsCode, MdtrtId, MedType), FeedetlSn, MedListCodg, MedChrgitmType, FeeOcurTime, Cnt, Pric, Amount, PrdDays)
    {
    }

    public PersonLine(PersonLineEpisode episode, string feedetlSn, string medListCodg, string medChrgitmType,
        DateTime feeOcurTime, decimal cnt, decimal pric, decimal amount, int? prdDays)
    {
        Episode = episode;
        FeedetlSn = feedetlSn;
        MedListCodg = medListCodg;
        MedChrgitmType = medChrgitmType;
        FeeOcurTime = feeOcurTime;
        Cnt = cnt;
        Pric = pric;
        Amount = amount;
        PrdDays = prdDays;
    }

    // A line whose values were kept packed (by a person's rows): the very bits it was given, none of them wide.
    internal PersonLine(PersonLineEpisode episode, string feedetlSn, string medListCodg, string medChrgitmType, DateTime feeOcurTime,
        in PackedValues values)
    {
        Episode = episode;
        FeedetlSn = feedetlSn;
        MedListCodg = medListCodg;
        MedChrgitmType = medChrgitmType;
        FeeOcurTime = feeOcurTime;
        (_cnt, _pric, _amount, _prdDays) = (values.Cnt, values.Pric, values.Amount, values.PrdDays);
        (_cntScale, _pricScale, _amountScale) = (values.CntScale, values.PricScale, values.AmountScale);
    }

    /// <summary>The count, price, amount and period as kept, or false where one of them is wide (kept whole on the side).</summary>
    internal bool TryGetPacked(out PackedValues values)
    {
        values = new PackedValues(_cnt, _pric, _amount, _prdDays, _cntScale, _pricScale, _amountScale);
        return _cntScale != CompactDecimal.Wide && _pricScale != CompactDecimal.Wide && _amountScale != CompactDecimal.Wide;
    }

    // What `with` copies: every field, and a copy of the line's wide values, never the array the original still reads.
    private PersonLine(PersonLine original)
    {
        Episode = original.Episode;
        FeedetlSn = original.FeedetlSn;
        MedListCodg = original.MedListCodg;
        MedChrgitmType = original.MedChrgitmType;
        FeeOcurTime = original.FeeOcurTime;
        (_cnt, _pric, _amount, _prdDays) = (original._cnt, original._pric, original._amount, original._prdDays);
        (_cntScale, _pricScale, _amountScale) = (original._cntScale, original._pricScale, original._amountScale);
        if (WideValues.TryGetValue(original, out var wide))
            WideValues.Add(this, (decimal[])wide.Clone());
    }

    /// <summary>The episode the line belongs to, shared by its lines.</summary>
    [JsonIgnore]
    public PersonLineEpisode Episode { get; init; }

    public string FixmedinsCode => Episode.FixmedinsCode;

    public string MdtrtId => Episode.MdtrtId;

    public string FeedetlSn { get; init; }

    public string MedListCodg { get; init; }

    public string MedChrgitmType { get; init; }

    public DateTime FeeOcurTime { get; init; }

    public decimal Cnt
    {
        get => Number(0, _cnt, _cntScale);
        init => Keep(0, value, ref _cnt, ref _cntScale);
    }

    public decimal Pric
    {
        get => Number(1, _pric, _pricScale);
        init => Keep(1, value, ref _pric, ref _pricScale);
    }

    public decimal Amount
    {
        get => Number(2, _amount, _amountScale);
        init => Keep(2, value, ref _amount, ref _amountScale);
    }

    public int? PrdDays
    {
        get => _prdDays == NoPrdDays ? null : _prdDays;
        init => _prdDays = value ?? NoPrdDays;
    }

    public string MedType => Episode.MedType;

    [JsonIgnore]
    public string EpisodeKey => Episode.Key;

    [JsonIgnore]
    public DateOnly Date => NationalTime.DateOf(FeeOcurTime);

    [JsonIgnore]
    public Setting Setting => Settings.Of(MedType);

    private decimal Number(int field, long coefficient, byte scale) =>
        scale == CompactDecimal.Wide ? WideValue(field) : CompactDecimal.Unpack(coefficient, scale);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private decimal WideValue(int field) => WideValues.TryGetValue(this, out var wide) ? wide[field]
        : throw new InvalidOperationException("a person line's wide value has no entry");

    private void Keep(int field, decimal value, ref long coefficient, ref byte scale)
    {
        if (CompactDecimal.TryPack(value, out coefficient, out scale))
            return;
        WideValues.GetValue(this, _ => new decimal[3])[field] = value;
    }

    public bool Equals(PersonLine? other) => ReferenceEquals(this, other) || (other is not null && Episode == other.Episode
        && FeedetlSn == other.FeedetlSn && MedListCodg == other.MedListCodg && MedChrgitmType == other.MedChrgitmType
        && FeeOcurTime == other.FeeOcurTime && Cnt == other.Cnt && Pric == other.Pric && Amount == other.Amount && _prdDays == other._prdDays);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Episode);
        hash.Add(FeedetlSn);
        hash.Add(MedListCodg);
        hash.Add(MedChrgitmType);
        hash.Add(FeeOcurTime);
        hash.Add(Cnt);
        hash.Add(Pric);
        hash.Add(Amount);
        hash.Add(_prdDays);
        return hash.ToHashCode();
    }

    public static PersonLine From(PersonLineEpisode episode, NetLine line) => From(episode, line, line.Sn);

    /// <summary>The line with its serial as the caller holds it, rather than made again from the line's row.</summary>
    public static PersonLine From(PersonLineEpisode episode, NetLine line, string feedetlSn) =>
        new(episode, feedetlSn, line.Code, line.MedChrgitmType, line.FeeOcurTime, line.Cnt, line.Pric, line.Amount, line.PrdDays);

    public static PersonLine From(string fixmedinsCode, string mdtrtId, string medType, NetLine line) =>
        From(new PersonLineEpisode(fixmedinsCode, mdtrtId, medType), line);

    public static PersonLine From(Episode episode, NetLine line) => From(episode.FixmedinsCode, episode.MdtrtId, episode.MedType, line);

    /// <summary>Time order, then episode and serial number: "earlier" and "after the first" never depend on arrival.</summary>
    public static readonly IComparer<PersonLine> TimeOrder = Comparer<PersonLine>.Create((a, b) =>
    {
        var c = a.FeeOcurTime.CompareTo(b.FeeOcurTime);
        if (c == 0) c = string.CompareOrdinal(a.EpisodeKey, b.EpisodeKey);
        return c != 0 ? c : string.CompareOrdinal(a.FeedetlSn, b.FeedetlSn);
    });
}

/// <summary>A person line's count, price and amount as their exact bits (<see cref="CompactDecimal"/>), and its period (int.MinValue: none).</summary>
internal readonly record struct PackedValues(long Cnt, long Pric, long Amount, int PrdDays, byte CntScale, byte PricScale, byte AmountScale);

/// <summary>What a person's line carries of its episode: one object for all of the episode's lines.</summary>
public sealed record PersonLineEpisode(string FixmedinsCode, string MdtrtId, string MedType)
{
    /// <summary><see cref="Contracts.EpisodeKey.Of"/>, made once rather than every time lines are compared.</summary>
    public string Key { get; } = Contracts.EpisodeKey.Of(FixmedinsCode, MdtrtId);

    public bool Equals(PersonLineEpisode? other) => ReferenceEquals(this, other) ||
        (other is not null && FixmedinsCode == other.FixmedinsCode && MdtrtId == other.MdtrtId && MedType == other.MedType);

    public override int GetHashCode() => HashCode.Combine(FixmedinsCode, MdtrtId, MedType);
}
