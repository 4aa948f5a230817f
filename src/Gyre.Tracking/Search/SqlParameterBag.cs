using Dapper;

namespace Gyre.Tracking.Search;

/// <summary>Collects bound parameters; values never become SQL text.</summary>
internal sealed class SqlParameterBag
{
    private int _next;

    public DynamicParameters Parameters { get; } = new();

    /// <summary>Binds a value and returns its placeholder.</summary>
    public string Add(object? value)
    {
        var name = $"p{_next++}";
        Parameters.Add(name, value);
        return "@" + name;
    }

    public string AddList(IEnumerable<object> values) => "(" + string.Join(", ", values.Select(Add)) + ")";
}
