import { Customer, Invoice, Product } from '@concord/model';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/**
 * The OpenAPI document at /docs-json and its UI at /docs. Record schemas are the canonical
 * model's JSON Schemas themselves, so the API document and the events cannot disagree.
 */
export function setupOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('Concord catalog API')
    .setDescription(
      'Customers, products and invoices of a tenant. Authenticate with ' +
        '"Authorization: Bearer <API key>". Money is in integer minor units with its currency. ' +
        'Writes are versioned: responses carry ETag "<version>", PATCH needs If-Match.',
    )
    .setVersion('1')
    .setOpenAPIVersion('3.1.0')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.components ??= {};
  document.components.schemas = {
    ...document.components.schemas,
    // TypeBox schemas are JSON Schema; OpenAPI 3.1 takes them as they are.
    Customer: JSON.parse(JSON.stringify(Customer)),
    Product: JSON.parse(JSON.stringify(Product)),
    Invoice: JSON.parse(JSON.stringify(Invoice)),
  };
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
