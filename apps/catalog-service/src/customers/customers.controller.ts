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
  Res,
} from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { CurrentPrincipal } from '../auth/auth.decorators';
import type { ApiKeyPrincipal } from '../auth/principal';
import { parseIfMatch, requireIfMatch } from '../records/if-match';
import {
  ApiCreate,
  ApiRecordAuth,
  ApiVersionedChange,
  IdempotentWrite,
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
  constructor(private readonly customers: CustomersService) {}

  @Post()
  @IdempotentWrite()
  @ApiCreate()
  async create(
    @CurrentPrincipal() principal: ApiKeyPrincipal,
    @Body() dto: CreateCustomerDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Customer> {
    const record = await this.customers.create(principal.tenantId, dto);
    describeRecordResponse(res, record, 201);
    return record;
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
  @IdempotentWrite()
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
  @IdempotentWrite()
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
