#!/bin/sh
# Stand-in for Prisma's native schema engine, which cannot be downloaded here.
# Migrations run on Prisma's WebAssembly schema engine instead.
echo "trustmap runs migrations with npm run db:migrate and authors them with npm run db:migration -- <name>" >&2
exit 1
