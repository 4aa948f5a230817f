using Gyre.Serving.Policies.Basic;

namespace Gyre.Serving.Deployments;

/// <summary>
/// Every traffic policy that ships with Gyre, registered with <see cref="TrafficPolicyFactory"/> from its
/// static constructor. A new policy kind adds one line here.
/// </summary>
internal static class BuiltInPolicies
{
    public static void RegisterAll()
    {
        TrafficPolicyFactory.Register(SinglePolicy.KindName, SinglePolicy.Create);
        TrafficPolicyFactory.Register(SplitPolicy.KindName, SplitPolicy.Create);
        TrafficPolicyFactory.Register(CanaryPolicy.KindName, CanaryPolicy.Create);
        TrafficPolicyFactory.Register(BlueGreenPolicy.KindName, BlueGreenPolicy.Create);
    }
}
