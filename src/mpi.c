/*
 * mpi.c - dse explore as one of several MPI processes (configure
 * --with-mpi).  Each process runs the chunks of its rank (the shard
 * rank/size), writes its partial result as JSON text and sends it to rank
 * 0, which merges them and writes the outputs: the same bytes as one
 * process (the merge is order-free).  Without MPI, or when dse was not
 * started by an MPI launcher, there is one process and nothing here runs.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "config.h"

#ifdef DSE_MPI
#include <mpi.h>

static int mpi_on, mpi_rank, mpi_size = 1;

/* 1 when a launcher started this process among others (Open MPI, MPICH,
   Slurm's PMI), so that a plain dse never starts MPI. */
static int launched(void)
{
	static const char *const vars[] = { "OMPI_COMM_WORLD_SIZE", "PMI_SIZE",
					    "PMIX_RANK", "MPI_LOCALNRANKS", NULL };
	size_t i;

	for (i = 0; vars[i]; i++)
		if (getenv(vars[i]))
			return 1;
	return 0;
}

/* Start MPI when launched by mpirun or srun; the rank and size after. */
int cli_mpi_start(int *argc, char ***argv)
{
	int provided;

	if (!launched())
		return DSE_OK;
	/* only the main thread calls MPI */
	if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) !=
	    MPI_SUCCESS)
		return DSE_EEXTERNAL;
	mpi_on = 1;
	MPI_Comm_rank(MPI_COMM_WORLD, &mpi_rank);
	MPI_Comm_size(MPI_COMM_WORLD, &mpi_size);
	return DSE_OK;
}

/* Finish MPI if it was started. */
void cli_mpi_stop(void)
{
	if (mpi_on)
		MPI_Finalize();
	mpi_on = 0;
}

/* This process's rank and the number of processes (0 and 1 without MPI). */
void cli_mpi_world(int *rank, int *size)
{
	*rank = mpi_rank;
	*size = mpi_size;
}

/* Gather every rank's text (len bytes) on rank 0: *texts[r] there. */
int cli_mpi_gather(const char *text, size_t len, char ***texts,
		   struct dse_error *err)
{
	long long mine = (long long)len, *lens = NULL;
	int *counts = NULL, *offs = NULL, r, rc = DSE_OK;
	char *all = NULL;
	long long total = 0;

	*texts = NULL;
	if (len > 0x7fffffffull)
		return dse_error_set(err, DSE_ENOMEM,
				     "MPI: a partial result of %zu bytes is too long to send",
				     len);
	if (mpi_rank == 0)
		lens = calloc((size_t)mpi_size, sizeof *lens);
	if (mpi_rank == 0 && lens == NULL)
		rc = DSE_ENOMEM;
	if (MPI_Gather(&mine, 1, MPI_LONG_LONG, lens, 1, MPI_LONG_LONG, 0,
		       MPI_COMM_WORLD) != MPI_SUCCESS)
		rc = DSE_EEXTERNAL;
	if (mpi_rank == 0 && rc == DSE_OK) {
		counts = calloc((size_t)mpi_size, sizeof *counts);
		offs = calloc((size_t)mpi_size, sizeof *offs);
		for (r = 0; counts && offs && r < mpi_size; r++) {
			counts[r] = (int)lens[r];
			offs[r] = (int)total;
			total += lens[r];
		}
		if (total > 0x7fffffffll)
			rc = dse_error_set(err, DSE_ENOMEM,
					   "MPI: %lld bytes of partial results are too many to gather",
					   total);
		all = rc == DSE_OK ? malloc((size_t)total + 1) : NULL;
		*texts = calloc((size_t)mpi_size, sizeof **texts);
		if (rc == DSE_OK && (!counts || !offs || !all || !*texts))
			rc = DSE_ENOMEM;
	}
	if (MPI_Gatherv(text, (int)len, MPI_CHAR, all, counts, offs, MPI_CHAR,
			0, MPI_COMM_WORLD) != MPI_SUCCESS && rc == DSE_OK)
		rc = DSE_EEXTERNAL;
	for (r = 0; mpi_rank == 0 && rc == DSE_OK && r < mpi_size; r++) {
		(*texts)[r] = malloc((size_t)counts[r] + 1);
		if ((*texts)[r] == NULL) {
			rc = DSE_ENOMEM;
			break;
		}
		memcpy((*texts)[r], all + offs[r], (size_t)counts[r]);
		(*texts)[r][counts[r]] = '\0';
	}
	free(lens);
	free(counts);
	free(offs);
	free(all);
	if (rc == DSE_ENOMEM && err && err->status != DSE_ENOMEM)
		dse_error_set(err, DSE_ENOMEM, "out of memory");
	else if (rc == DSE_EEXTERNAL)
		dse_error_set(err, DSE_EEXTERNAL, "MPI: gathering the partial results failed");
	return rc;
}

#else /* one process */

/* Without MPI there is nothing to start. */
int cli_mpi_start(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return DSE_OK;
}

/* Nothing to finish. */
void cli_mpi_stop(void)
{
}

/* Rank 0 of 1. */
void cli_mpi_world(int *rank, int *size)
{
	*rank = 0;
	*size = 1;
}

/* One process: never called with more than one. */
int cli_mpi_gather(const char *text, size_t len, char ***texts,
		   struct dse_error *err)
{
	(void)text;
	(void)len;
	*texts = NULL;
	return dse_error_set(err, DSE_EEXTERNAL, "dse was built without MPI");
}

#endif
