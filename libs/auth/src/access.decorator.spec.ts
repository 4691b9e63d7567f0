import { Controller, Get } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import { ACCESS_RULE, Access, AccessRule, Public } from './access.decorator';

@Access({ roles: ['admin'], permissions: ['manage_faq'] })
@Controller('probe')
class ProbeController {
  @Get('guarded')
  guarded() {}

  @Get('open')
  @Public()
  open() {}

  @Get('agents')
  @Access({ roles: ['agent', 'admin'], requireApproval: false })
  agents() {}
}

/** @nestjs/swagger's metadata keys (its constants module is not exported). */
const DECORATORS = { API_EXTENSION: 'swagger/apiExtension', API_SECURITY: 'swagger/apiSecurity' };

const ruleOf = (method: keyof ProbeController): AccessRule | undefined =>
  new Reflector().getAllAndOverride(ACCESS_RULE, [ProbeController.prototype[method], ProbeController]);
const openApiOf = (method: keyof ProbeController) => Reflect.getMetadata(DECORATORS.API_EXTENSION, ProbeController.prototype[method]);

describe('@Access', () => {
  it('handler rules win over the class rule, for the guard', () => {
    expect(ruleOf('guarded')).toEqual({ roles: ['admin'], permissions: ['manage_faq'] });
    expect(ruleOf('open')).toEqual({ public: true });
    expect(ruleOf('agents')).toEqual({ roles: ['agent', 'admin'], requireApproval: false });
  });

  it('and the OpenAPI document says the same as the guard', () => {
    expect(openApiOf('guarded')).toEqual({ 'x-access': { roles: ['admin'], permissions: ['manage_faq'] } });
    expect(openApiOf('open')).toEqual({ 'x-access': { public: true } });
    expect(openApiOf('agents')).toEqual({ 'x-access': { roles: ['agent', 'admin'], permissions: [] } });
    expect(Reflect.getMetadata(DECORATORS.API_SECURITY, ProbeController.prototype.open)).toBeUndefined();
    expect(Reflect.getMetadata(DECORATORS.API_SECURITY, ProbeController.prototype.guarded)).toEqual([{ bearer: [] }]);
  });

  it('can mark a class that is not a controller (a gateway with a server property)', () => {
    expect(() => {
      @Public()
      @WebSocketGateway()
      class Gateway {
        @WebSocketServer()
        server: unknown;
      }
      return Gateway;
    }).not.toThrow();
  });
});
