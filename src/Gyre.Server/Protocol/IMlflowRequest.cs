namespace Gyre.Server.Protocol;

/// <summary>A request message that checks its own required fields, as MLflow's handler schemas do.</summary>
public interface IMlflowRequest
{
    /// <summary>Throws a GyreException INVALID_PARAMETER_VALUE naming the first missing or bad field.</summary>
    void Validate();
}
