#ifndef CRISISMAP_CPROJ_SHIM_H
#define CRISISMAP_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
