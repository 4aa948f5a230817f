using Gyre.Core.Errors;

namespace Gyre.Core.Tests;

public class GyreExceptionTests
{
    [Theory]
    [InlineData(ErrorCode.RESOURCE_DOES_NOT_EXIST, 404)]
    [InlineData(ErrorCode.INVALID_PARAMETER_VALUE, 400)]
    [InlineData(ErrorCode.RESOURCE_ALREADY_EXISTS, 400)]
    [InlineData(ErrorCode.INTERNAL_ERROR, 500)]
    public void MapsErrorCodesToMlflowHttpStatuses(ErrorCode code, int status)
    {
        Assert.Equal(status, new GyreException(code, "x").HttpStatus);
    }
}
