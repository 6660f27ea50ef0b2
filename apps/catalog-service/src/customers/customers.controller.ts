import type { Customer } from '@concord/model';
import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  Param,
  Patch,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';

import { CurrentPrincipal } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import { IdempotencyService } from '../idempotency/idempotency.service';
import { parseIfMatch, requireIfMatch } from '../records/if-match';
import {
  ApiIdempotentCreate,
  ApiRecordAuth,
  ApiVersionedChange,
} from '../records/record-api.decorators';
import type { RecordPage } from '../records/record-list';
import { RecordGetQueryDto } from '../records/record-list-query.dto';
import { describeRecordResponse } from '../records/record-response';
import { UuidParamPipe } from '../records/uuid-param.pipe';
import { CreateCustomerDto, CustomerListQueryDto, UpdateCustomerDto } from './customer.dto';
import { CustomersService } from './customers.service';

@ApiTags('customers')
@ApiRecordAuth()
@Controller('v1/customers')
export class CustomersController {
  constructor(
    private readonly customers: CustomersService,
    private readonly idempotency: IdempotencyService,
  ) {}

  @Post()
  @ApiIdempotentCreate()
  async create(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Body() dto: CreateCustomerDto,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Customer> {
    const result = await this.idempotency.execute(
      {
        tenantId: principal.tenantId,
        key: idempotencyKey,
        method: req.method,
        path: req.path,
        body: req.body,
      },
      async (manager) => ({
        status: 201,
        body: await this.customers.create(manager, principal.tenantId, dto),
      }),
    );
    describeRecordResponse(res, result.body, result.status, result.replayed);
    return result.body;
  }

  @Get()
  @ApiOkResponse({ description: '{ data: Customer[], nextCursor }' })
  list(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Query() query: CustomerListQueryDto,
  ): Promise<RecordPage<Customer>> {
    return this.customers.list(principal.tenantId, query);
  }

  @Get(':id')
  async get(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Query() query: RecordGetQueryDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Customer> {
    const record = await this.customers.get(principal.tenantId, id, query.includeDeleted);
    describeRecordResponse(res, record);
    return record;
  }

  @Patch(':id')
  @ApiVersionedChange(true)
  async update(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: UpdateCustomerDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Customer> {
    const version = requireIfMatch(ifMatch);
    const record = await this.customers.update(principal.tenantId, id, version, dto);
    describeRecordResponse(res, record);
    return record;
  }

  @Delete(':id')
  @ApiVersionedChange(false)
  async remove(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Param('id', UuidParamPipe) id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Customer> {
    const record = await this.customers.remove(principal.tenantId, id, parseIfMatch(ifMatch));
    describeRecordResponse(res, record);
    return record;
  }
}
