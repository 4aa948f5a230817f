namespace Gyre.Tracking.Entities;

/// <summary>Which lifecycle stages a search returns; values as MLflow's <c>ViewType</c> proto enum.</summary>
public enum ViewType
{
    ActiveOnly = 1,
    DeletedOnly = 2,
    All = 3,
}
