/*
 * model_impl.h - what the files of model/ share and nothing else sees:
 * building workloads stage by stage (workload.c, topology.c).
 */
#ifndef DSE_MODEL_IMPL_H
#define DSE_MODEL_IMPL_H

#include "dse_model.h"

/* A new workload with room for nstages stages (layers 1), none filled yet. */
int model_workload_new(const char *name, const char *desc, double repeat,
		       size_t nstages, struct dse_workload **out,
		       struct dse_error *err);

/* Append a GEMM stage (room must be left) / an element-wise stage. */
void model_workload_gemm(struct dse_workload *wl, const char *name, double m,
			 double n, double k, double count, int weights);
void model_workload_eltwise(struct dse_workload *wl, const char *name,
			    double ops);

/* Derive weights, MACs per item and the widest N; DSE_EINPUT for a
   workload without GEMMs or with absurd totals ("where: stages: ..."). */
int model_workload_finish(struct dse_workload *wl, const char *where,
			  struct dse_error *err);

#endif
